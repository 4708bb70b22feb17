import { ArgsType, Field, ID, Int } from 'type-graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../users/user.service';

// Argument classes keep the arguments in the documented order (parameter decorators would reverse it).

@ArgsType()
export class UsersArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: `1 to ${MAX_PAGE_SIZE}.` })
  limit!: number | null;

  @Field(() => Int, { nullable: true, defaultValue: 0 })
  offset!: number | null;
}

@ArgsType()
export class SetUserRolesArgs {
  @Field(() => ID)
  userId!: string;

  @Field(() => [String])
  roles!: string[];
}
