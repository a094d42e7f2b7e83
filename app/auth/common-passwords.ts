/**
 * Passwords refused outright: the most common ones from public breach-frequency lists (lower-cased; the check
 * lower-cases too). Short on purpose: the length rule already refuses everything under 10 characters, so only
 * common passwords of 10+ characters and their obvious stems matter here.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '1234567890', '0123456789', '0987654321', '12345678910', '123456789a', 'a123456789', '1234567890a',
  '1q2w3e4r5t', '1q2w3e4r5t6y', 'q1w2e3r4t5', 'q1w2e3r4t5y6', '1qaz2wsx3edc', 'qazwsxedc123', 'zaq12wsx',
  'qwertyuiop', 'qwertyuiop123', 'qwerty123456', 'qwerty12345', 'asdfghjkl', 'asdfghjkl123', 'zxcvbnm123',
  'password', 'password1', 'password12', 'password123', 'password1234', 'password12345', 'password!',
  'password1!', 'password123!', 'passw0rd', 'passw0rd123', 'p@ssw0rd', 'p@ssw0rd123', 'p@ssword123',
  'passwordpassword', 'mypassword', 'mypassword1', 'newpassword', 'newpassword1', 'changeme123',
  'changeme!', 'changeit123', 'letmein123', 'letmein1234', 'welcome123', 'welcome1234', 'welcome2024',
  'welcome2025', 'welcome2026', 'welcome@123', 'iloveyou123', 'iloveyou12', 'princess123', 'sunshine123',
  'football123', 'baseball123', 'superman123', 'starwars123', 'pokemon123', 'dragon1234', 'monkey12345',
  'master12345', 'shadow12345', 'michael123', 'jennifer123', 'trustno1234', 'abc1234567', 'abcd123456',
  'abcdefghij', 'abcdefg123', 'abcdef1234', 'aaaaaaaaaa', '1111111111', '0000000000', '1212121212',
  '1122334455', '1234512345', '1234554321', '9876543210', '11111111111', '123123123123', '123qweasdzxc',
  'qweasdzxc123', 'admin12345', 'admin123456', 'administrator', 'administrator1', 'adminadmin',
  'root123456', 'test123456', 'testtest123', 'guest12345', 'summer2024', 'summer2025', 'summer2026',
  'winter2024', 'winter2025', 'winter2026', 'spring2025', 'spring2026', 'autumn2025', 'autumn2026',
  'company123', 'company2026', 'employee123', 'employee1234', 'xyzcompany', 'xyzcompany1', 'xyz1234567',
  'computer123', 'internet123', 'whatever123', 'freedom123', 'hello12345', 'helloworld', 'helloworld1',
  'helloworld123', 'loveyou123', 'q1w2e3r4', 'secret1234', 'secretpassword', 'qwertyqwerty',
  'football1234', 'basketball', 'basketball1', 'chocolate1', 'chocolate123', 'butterfly1', 'sunflower1',
  'liverpool1', 'liverpool123', 'manchester', 'chelsea123', 'arsenal123', 'barcelona1', 'pakistan123',
  'india12345', 'babygirl123', 'michelle123', 'jordan2323', 'charlie123', 'ashley1234', 'daniel1234',
  'thomas1234', 'jessica123', 'matthew123', 'nicole1234', 'qazwsx123', 'qazwsxedc', 'qazwsxedcrfv',
  '!qaz2wsx', '1qaz@wsx', 'zxcvbnmasd', 'asdasdasdasd', 'asdfasdfasdf', 'qweqweqweqwe', 'default123',
  'login12345', 'access1234', 'security123', 'ncc1701ncc', 'correcthorsebatterystaple',
]);

export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.toLowerCase());
}
