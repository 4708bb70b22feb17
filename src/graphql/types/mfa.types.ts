import { Field, ObjectType } from 'type-graphql';
import type { TotpEnrollmentDetails } from '../../mfa/totp-enrollment.service';

@ObjectType({ description: 'A pending TOTP enrollment: show the QR code (or the secret), then confirm with the first code.' })
export class TotpEnrollment {
  @Field({ description: 'The shared secret, base32, for typing into an authenticator app by hand.' })
  secret!: string;

  @Field({ description: 'otpauth://totp/… with the issuer (TOTP_ISSUER) and the account email: SHA-1, 6 digits, 30 s.' })
  otpauthUri!: string;

  @Field({ description: 'The otpauthUri as a QR code, an SVG document.' })
  qrCodeSvg!: string;

  static from(details: TotpEnrollmentDetails): TotpEnrollment {
    return Object.assign(new TotpEnrollment(), details);
  }
}
