import { z } from "zod";

// Path parameters shared by several REST routes, parsed where the request enters.

/** `:error_id`: a positive integer (integrated ids and Sentry issue ids both are). */
export const ErrorIdParams = z.object({
  errorId: z
    .string()
    .regex(/^\d{1,15}$/, "must be a positive integer")
    .transform(Number),
});
