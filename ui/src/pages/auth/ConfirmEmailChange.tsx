import { confirmEmailChange } from '../../api/session';
import { TokenPage } from './TokenPage';

export default function ConfirmEmailChange() {
  return <TokenPage title="Confirm your new address" send={confirmEmailChange} done="Your new address is confirmed: sign in with it from now on." />;
}
