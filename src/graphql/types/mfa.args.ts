import { ArgsType, Field } from 'type-graphql';

// An argument class keeps the arguments in the documented order (parameter decorators would reverse it).
@ArgsType()
export class CompleteMfaLoginArgs {
  @Field({ description: "login's extensions.mfaToken: single use, 5 minutes." })
  mfaToken!: string;

  @Field({ description: 'The 6 digits of the authenticator app, or a recovery code.' })
  code!: string;

  @Field(() => Boolean, { nullable: true, description: 'As LoginInput.rememberMe: whether the session outlives the browser session.' })
  rememberMe?: boolean | null;
}
