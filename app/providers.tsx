"use client";
/**
 * Browser-side providers: one TanStack Query client per browser tab (details, timelines,
 * remediation), one fleet store (rows and cluster summaries), and the live stream feeding both.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { shouldRetry } from "@/lib/client/api-fetch";
import { FleetStoreProvider } from "@/lib/client/fleet-store/use-fleet";
import { useFleetStream } from "@/lib/client/stream/use-fleet-stream";

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Polling keeps data fresh; a remount within a second need not refetch.
        staleTime: 1_000,
        retry: shouldRetry,
        refetchOnWindowFocus: true,
      },
    },
  });
}

/** Live updates: row changes, cluster summaries and timeline entries pushed by /api/stream. */
function FleetStream(): null {
  useFleetStream();
  return null;
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={client}>
      <FleetStoreProvider>
        <FleetStream />
        {children}
      </FleetStoreProvider>
    </QueryClientProvider>
  );
}
