import { ConfigurationError } from '@app/config';
import { requiredRoles } from './second-factor.service';

describe('TOTP_REQUIRED_ROLES', () => {
  it('reads role names separated by commas, with spaces allowed', () => {
    expect(requiredRoles('administrator, csp-manager,csp-chair')).toEqual(['administrator', 'csp-manager', 'csp-chair']);
  });

  it('reads none as nobody', () => {
    expect(requiredRoles('none')).toEqual([]);
  });

  it('stops the start on a name that is not a role, naming it', () => {
    expect(() => requiredRoles('administrator,csp-boss')).toThrow(ConfigurationError);
    expect(() => requiredRoles('administrator,csp-boss')).toThrow(/csp-boss/);
  });
});
