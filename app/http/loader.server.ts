import type { LoaderFunctionArgs } from "@remix-run/node";
import { asErrorResponse, asProblem } from "./action.server";

// Loaders of pages and of resource routes (files, CSV, PDF): every domain refusal becomes the right answer.

/** A loader whose domain refusals (404, 403, 409 …) become error pages instead of 500s. */
export function defineLoader<T>(handler: (args: LoaderFunctionArgs) => Promise<T>) {
  return async (args: LoaderFunctionArgs): Promise<T> => {
    try {
      return await handler(args);
    } catch (error) {
      return asErrorResponse(error);
    }
  };
}

/**
 * A resource route's loader (a file, a CSV, a PDF): every refusal, thrown or returned, is answered as
 * problem+json with its own status, never Remix's generic error body.
 */
export function defineResourceLoader(handler: (args: LoaderFunctionArgs) => Promise<Response>) {
  return async (args: LoaderFunctionArgs): Promise<Response> => {
    try {
      return await handler(args);
    } catch (error) {
      return asProblem(error);
    }
  };
}
