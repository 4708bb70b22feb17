import { randomUUID } from 'node:crypto';
import { badInput, forbidden, unauthenticated } from './errors.js';
import { hasScope, requireScope, SCOPES } from './scopes.js';

/** The notes service's schema and resolvers; notes live in memory, keyed by their owner (the token's `sub`). */

export const typeDefs = /* GraphQL */ `
  type Note {
    id: ID!
    "The owner: tokengate's user id (the access token's sub)."
    owner: ID!
    text: String!
    createdAt: String!
  }

  type Query {
    "The caller's notes. Scope profile:read, checked offline."
    notes: [Note!]!
    "Every user's notes. Scope users:read (ADMIN), checked offline."
    allNotes: [Note!]!
  }

  type Mutation {
    "Scope profile:write, checked offline."
    addNote(text: String!): Note!
    "Deletes the caller's notes; returns how many. Scope profile:write, and the token must be live at tokengate (introspection): a logged-out token is refused at once."
    deleteAllNotes: Int!
  }
`;

const MAX_TEXT_LENGTH = 1000;

/** @typedef {{ id: string, owner: string, text: string, createdAt: string }} Note */
/** @typedef {{ caller: import('./scopes.js').Caller | undefined, introspect: (token: string) => Promise<import('./introspection.js').Introspection> }} NotesContext */

export function notesResolvers() {
  /** @type {Map<string, Note[]>} */
  const notesByOwner = new Map();

  return {
    Query: {
      /** @param {unknown} _ @param {unknown} __ @param {NotesContext} context */
      notes: (_, __, { caller }) => notesByOwner.get(requireScope(caller, SCOPES.READ_OWN_NOTES).claims.sub) ?? [],
      /** @param {unknown} _ @param {unknown} __ @param {NotesContext} context */
      allNotes: (_, __, { caller }) => {
        requireScope(caller, SCOPES.READ_ALL_NOTES);
        return [...notesByOwner.values()].flat();
      },
    },
    Mutation: {
      /** @param {unknown} _ @param {{ text: string }} args @param {NotesContext} context */
      addNote: (_, { text }, { caller }) => {
        const owner = requireScope(caller, SCOPES.WRITE_OWN_NOTES).claims.sub;
        if (text.trim() === '' || text.length > MAX_TEXT_LENGTH) throw badInput('text', `A note has 1 to ${MAX_TEXT_LENGTH} characters`);
        const note = { id: randomUUID(), owner, text, createdAt: new Date().toISOString() };
        notesByOwner.set(owner, [...(notesByOwner.get(owner) ?? []), note]);
        return note;
      },
      /** @param {unknown} _ @param {unknown} __ @param {NotesContext} context */
      deleteAllNotes: async (_, __, { caller, introspect }) => {
        const { token, claims } = requireScope(caller, SCOPES.WRITE_OWN_NOTES);
        // Sensitive: the offline check above cannot see a logout; tokengate's answer can, and its scope is live.
        const live = await introspect(token);
        if (!live.active) throw unauthenticated('TOKEN_REVOKED', 'The access token is no longer active (logged out or revoked)');
        if (live.token_type !== 'access_token' || live.sub !== claims.sub) throw unauthenticated('TOKEN_INVALID', 'The access token is not valid here');
        if (!hasScope(live.scope, SCOPES.WRITE_OWN_NOTES)) throw forbidden(SCOPES.WRITE_OWN_NOTES);
        const deleted = notesByOwner.get(claims.sub)?.length ?? 0;
        notesByOwner.delete(claims.sub);
        return deleted;
      },
    },
  };
}
