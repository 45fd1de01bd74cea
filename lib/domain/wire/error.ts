/** The one error shape of every API answer: {error:{code, message}}. Pure. */
import { z } from "zod";

export const ApiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;
