/** GET /api/controllers for the controller page, polled like the other views (versions change rarely). */
import { useQuery } from "@tanstack/react-query";
import { ControllersResponseSchema, type ControllersResponse } from "@/lib/domain/wire/controllers";
import { fetchApi, shouldRetry } from "./api-fetch";

export function useControllers() {
  return useQuery<ControllersResponse, Error>({
    queryKey: ["controllers"] as const,
    queryFn: ({ signal }) => fetchApi("/api/controllers", ControllersResponseSchema, { signal }),
    refetchInterval: 30_000,
    retry: shouldRetry,
  });
}
