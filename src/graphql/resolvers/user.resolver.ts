import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { ROLES } from '../../auth/roles';
import type { UserService } from '../../users/user.service';
import type { RequestContext } from '../context.type';
import { User } from '../types/user.type';

@Resolver(() => User)
export class UserResolver {
  constructor(private readonly userService: UserService) {}

  @Authorized()
  @Query(() => User, { description: 'The signed-in user.' })
  me(@Ctx() context: RequestContext): User {
    return User.from(context.caller!.user);
  }

  @Authorized(ROLES.ADMIN)
  @Query(() => [User], { description: 'Users, oldest first. limit: 1 to 100.' })
  async users(
    @Arg('limit', () => Int, { defaultValue: 20 }) limit: number,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset: number,
  ): Promise<User[]> {
    return (await this.userService.list(limit, offset)).map(User.from);
  }

  @Authorized(ROLES.ADMIN)
  @Query(() => User, { nullable: true })
  async user(@Arg('id', () => ID) id: string): Promise<User | null> {
    const record = await this.userService.find(id);
    return record ? User.from(record) : null;
  }

  @Authorized(ROLES.ADMIN)
  @Mutation(() => User, { description: 'Replaces the roles of a user; takes effect on their next request.' })
  async setUserRoles(
    @Arg('userId', () => ID) userId: string,
    @Arg('roles', () => [String]) roles: string[],
  ): Promise<User> {
    return User.from(await this.userService.setRoles(userId, roles));
  }
}
