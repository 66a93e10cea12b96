import { confirmAddress } from '../../api/session';
import { TokenPage } from './TokenPage';

export default function VerifyEmail() {
  return <TokenPage title="Confirm your address" send={confirmAddress} done="Your address is confirmed. You can sign in now." />;
}
