import { TwoFactor } from '../components/TwoFactor';

export function SecurityPage() {
  return <TwoFactor />;
}
