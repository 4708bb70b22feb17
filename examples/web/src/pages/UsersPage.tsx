import { AdminUsers } from '../components/AdminUsers';

export function UsersPage() {
  return <AdminUsers />;
}
