/**
 * The request's CSP nonce (made by server.js), handed down by app/entry.server.tsx. The document takes it from
 * the root loader's data, which a URL no route matches does not have: without this, that 404 page's scripts had
 * no nonce, the browser refused them and the page never hydrated. Browser-safe (empty in the browser, where the
 * scripts have already run).
 */
import { createContext } from 'react';

export const CspNonceContext = createContext<string | undefined>(undefined);
