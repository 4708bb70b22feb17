import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { PERMISSIONS } from '../../auth/permissions';
import { DEFAULT_PAGE_SIZE, type UserService } from '../../users/user.service';
import type { RequestContext } from '../context.type';
import { SetUserRolesArgs, UsersArgs } from '../types/user.args';
import { User } from '../types/user.type';

@Resolver(() => User)
export class UserResolver {
  constructor(private readonly userService: UserService) {}

  @Authorized()
  @Query(() => User, { description: 'The signed-in user.' })
  me(@Ctx() context: RequestContext): User {
    return User.from(context.caller!.user);
  }

  @Authorized(PERMISSIONS.USERS_READ)
  @Query(() => [User], { description: 'Users, oldest first.' })
  async users(@Args() { limit, offset }: UsersArgs): Promise<User[]> {
    return (await this.userService.list(limit ?? DEFAULT_PAGE_SIZE, offset ?? 0)).map(User.from);
  }

  @Authorized(PERMISSIONS.USERS_READ)
  @Query(() => User, { nullable: true })
  async user(@Arg('id', () => ID) id: string): Promise<User | null> {
    const record = await this.userService.find(id);
    return record ? User.from(record) : null;
  }

  @Authorized(PERMISSIONS.USERS_WRITE)
  @Mutation(() => User, { description: 'Replaces the roles of a user; takes effect on their next request.' })
  async setUserRoles(@Ctx() context: RequestContext, @Args() { userId, roles }: SetUserRolesArgs): Promise<User> {
    return User.from(await this.userService.setRoles(userId, roles, context.request));
  }
}
