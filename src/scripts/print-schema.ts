import 'reflect-metadata';
import { schemaSDL } from '../graphql/schema-sdl';

// Writes the SDL to stdout; `npm run schema` redirects it into schema.graphql.
schemaSDL().then(
  (sdl) => process.stdout.write(sdl),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
