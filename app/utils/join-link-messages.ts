/** What the join pages say about a join link, shared by the server's answers and the page (browser-safe). */
export const JOIN_LINK_EXPIRED_MESSAGE =
  'This join link has expired or was already used. Enter your work email again for a new one.';
