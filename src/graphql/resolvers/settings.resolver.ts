import { Query, Resolver } from 'type-graphql';
import { AuthSettings } from '../types/auth-settings.type';

@Resolver()
export class SettingsResolver {
  constructor(private readonly settings: AuthSettings) {}

  @Query(() => AuthSettings, { description: 'Public: token lifetimes, browser mode and password rules of this server.' })
  authSettings(): AuthSettings {
    return this.settings;
  }
}
