import { Field, InputType } from 'type-graphql';

@InputType()
export class RegisterInput {
  @Field()
  email!: string;

  @Field({ description: 'At least 8 characters and at most 72 bytes (UTF-8).' })
  password!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;
}

@InputType()
export class LoginInput {
  @Field()
  email!: string;

  @Field()
  password!: string;
}

@InputType()
export class ChangePasswordInput {
  @Field()
  currentPassword!: string;

  @Field()
  newPassword!: string;
}
