import { notFound } from "../http/auth.server";

/** Any path no route claims: the 404 page in the reader's language. */
export async function loader() {
  notFound();
}

export default function NotFound() {
  return null;
}
