// Test stand-in for the "server-only" marker package: tests run server modules in Node directly.
export {};
