/**
 * Web Worker: fetches and validates the fleet list off the main thread (see list-fetch-core.ts),
 * so that a poll of 10,000 rows (about 13 MB of JSON) never blocks scrolling or typing.
 */
import { createListFetcher, type ListRequest } from "./list-fetch-core";

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ListRequest>) => void) | null;
  postMessage(message: unknown): void;
};
const fetchList = createListFetcher();

scope.onmessage = (event) => {
  void fetchList(event.data).then((response) => scope.postMessage(response));
};
