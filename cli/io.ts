/** What the CLI touches of its process: output streams, environment, stdin, its own version. Tests pass a fake. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  readStdin: () => string;
  version: string;
}
