import type { securityId } from "./messages.security.id";

export const securityEn: Record<keyof typeof securityId, string> = {
  "error.bodyTooLarge": "What you sent is too large. Make the file smaller and send it again.",
  "error.malformedBody": "The form arrived damaged or cut short. Reload the page and try again.",
  "error.tooManyRows": "The form has more rows than this page can show. Reload the page and try again.",
  "error.tooManyFields": "The form has too many fields. Reload the page and try again.",
  "error.fieldTooLong": "One of the fields is too long.",
  "error.unsupportedMediaType": "Send this through the form on its page.",
  "error.formOutdated": "This form no longer matches its data. Reload the page and fill it in again.",
  "error.server": "Something went wrong on our side.",
  "errorPage.400.title": "The request could not be processed",
  "errorPage.400.body": "We could not read what was sent. Reload the page and try again.",
};
