import { createContext, useContext, type ReactNode } from "react";

// The Content-Security-Policy nonce of the request being rendered on the server. Browsers hide the nonce
// attribute from scripts, so on the client it is "" and the scripts already in the page keep theirs.
const NonceContext = createContext("");

export function NonceProvider({ value, children }: { value: string; children: ReactNode }) {
  return <NonceContext.Provider value={value}>{children}</NonceContext.Provider>;
}

export function useNonce(): string {
  return useContext(NonceContext);
}
