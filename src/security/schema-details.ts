/**
 * graphql-js ends many errors with "Did you mean …?", naming fields, arguments, input fields, types and enum
 * values close to what the client wrote. With introspection off, that would hand the schema out piece by piece.
 * Apollo's hideSchemaDetailsFromClientErrors drops it from validation errors only; variable errors
 * (`Field "pasword" is not defined by type "LoginInput". Did you mean "password"?`) come later, so the error
 * formatter drops it from every message.
 */
export const withoutSuggestions = (message: string): string => message.replace(/ ?Did you mean(.+?)\?$/, '');
