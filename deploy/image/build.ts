/**
 * Builds the dashboard's image from the repository's Dockerfile with podman, on the local
 * stand-ins of its base images (local-images.ts), and keeps podman's build cache useful and
 * bounded:
 * - the `build` stage is tagged too, so its layers (npm ci, next build) stay cached for the next
 *   run while the sources do not change, and a rebuild after a change starts at `COPY . .`;
 * - afterwards every untagged image (the previous run's stages) is pruned, so the storage holds
 *   one build's layers, not one per change of the sources.
 *
 * Also a command for CI (.ci/run), so the slow first build is a step of its own:
 *   npx tsx deploy/image/build.ts
 */
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT, cacheRoot } from "../../realstack/bins";
import { ensureDebianBase, ensureLocalNodeImage, findLocalNode } from "./local-images";
import { podman, podmanOk, storageDriver, ULIMITS } from "./podman";

export const APP_IMAGE = "localhost/ack-lambda-fleet/app:test";
const BUILD_STAGE_IMAGE = "localhost/ack-lambda-fleet/app-build-stage:test";
/** A cold build here took 12 minutes on 2 busy cores: three times that is a hang. */
const BUILD_TIMEOUT_MS = 40 * 60_000;

export interface BuiltImage {
  ref: string;
  nodeImage: string;
  runtimeImage: string;
  /** Seconds per step: base, node image, build stage, final image, prune. */
  seconds: Record<string, number>;
  /** Bytes, as `podman image inspect` reports it (uncompressed). */
  size: number;
}

/**
 * The CA bundle `npm ci` must trust inside the build: this machine reaches the npm registry
 * through a TLS-inspecting proxy whose CA only the system bundle holds. Passed as a build
 * secret, so it is in no layer.
 */
function extraCaBundle(): string | null {
  const bundle = process.env.NODE_EXTRA_CA_CERTS || "/etc/ssl/certs/ca-certificates.crt";
  return fs.existsSync(bundle) ? bundle : null;
}

export async function buildAppImage(log: (line: string) => void = (l) => console.log(l)): Promise<BuiltImage> {
  const seconds: Record<string, number> = {};
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await fn();
    } finally {
      seconds[name] = Math.round((Date.now() - started) / 100) / 10;
    }
  };
  const node = findLocalNode();
  if ("problem" in node) throw new Error(`cannot make the Node base image: ${node.problem}`);
  const runtimeImage = await timed("debian base", () => ensureDebianBase(log));
  const nodeImage = await timed("node image", () => ensureLocalNodeImage(node, runtimeImage, log));

  const tmp = path.join(cacheRoot(), "podman", "tmp");
  log(`podman storage driver: ${storageDriver()}`);
  fs.mkdirSync(tmp, { recursive: true });
  const ca = extraCaBundle();
  const common = [
    "build",
    "--isolation", "chroot",
    ...ULIMITS,
    "--network", "host",
    "--layers",
    "--build-arg", `NODE_IMAGE=${nodeImage}`,
    "--build-arg", `RUNTIME_IMAGE=${runtimeImage}`,
    ...(ca ? ["--secret", `id=extra_ca_certs,src=${ca}`] : []),
    "-f", path.join(REPO_ROOT, "Dockerfile"),
  ];
  const opts = { timeoutMs: BUILD_TIMEOUT_MS, cwd: REPO_ROOT, echo: "  podman build| ", env: { TMPDIR: tmp } };
  await timed("build stage", () => podmanOk([...common, "--target", "build", "-t", BUILD_STAGE_IMAGE, REPO_ROOT], opts));
  await timed("final image", () => podmanOk([...common, "-t", APP_IMAGE, REPO_ROOT], opts));
  await timed("prune", () => podman(["image", "prune", "-f"], { timeoutMs: 10 * 60_000 }));
  const size = Number((await podmanOk(["image", "inspect", "--format", "{{.Size}}", APP_IMAGE], { timeoutMs: 60_000 })).trim());
  return { ref: APP_IMAGE, nodeImage, runtimeImage, seconds, size };
}

if (require.main === module) {
  const started = Date.now();
  buildAppImage()
    .then((img) => {
      console.log(`image ${img.ref}: ${(img.size / 1e6).toFixed(0)} MB; seconds per step ${JSON.stringify(img.seconds)}; total ${Math.round((Date.now() - started) / 1000)} s`);
    })
    .catch((err: unknown) => {
      console.error(`image build failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    });
}
