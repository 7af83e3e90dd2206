/**
 * Passphrases people pick first and attackers try first (from public breach-frequency lists),
 * each at least 12 characters, since shorter ones are refused anyway. Compared in lower case
 * with spaces removed. Deliberately short: the length rule does most of the work.
 */
export const COMMON_PASSPHRASES: readonly string[] = [
  'password1234', 'password12345', 'password123456', 'passwordpassword', 'password1234!', 'password123!',
  'qwertyuiop12', 'qwertyuiop123', 'qwertyuiopasdf', 'qwerty123456', 'qwertyqwerty', 'qwertyuiop1234',
  '123456789012', '1234567890123', '12345678901234', '123456123456', '123123123123', '111111111111',
  '000000000000', '121212121212', '123456654321', '987654321098', '1q2w3e4r5t6y', '1qaz2wsx3edc',
  'asdfghjkl123', 'zxcvbnm12345', 'abcdefghijkl', 'abcdefgh1234', 'abc123abc123', 'aaaaaaaaaaaa',
  'iloveyou1234', 'iloveyouforever', 'letmein12345', 'letmeinplease', 'welcome12345', 'welcome123456',
  'welcometoplumbline', 'changeme1234', 'changemenow!', 'changeme12345', 'administrator', 'administrator1',
  'admin1234567', 'adminadmin12', 'rootroot1234', 'passw0rd1234', 'p@ssw0rd1234', 'p@ssword1234',
  'monkey123456', 'dragon123456', 'football1234', 'baseball1234', 'sunshine1234', 'princess1234',
  'superman1234', 'starwars1234', 'trustno11234', 'whatever1234', 'shadow123456', 'master123456',
  'michael12345', 'jennifer1234', 'liverpool123', 'arsenal12345', 'chelsea12345', 'manchester12',
  'manchesterunited', 'tottenham123', 'everton12345', 'englandfootball', 'unitedkingdom', 'londonlondon',
  'summer202626', 'winter202626', 'autumn202626', 'spring202626', 'december2026', 'november2026',
  'january20262', 'christmas2026', 'plumbline123', 'plumbline2026', 'plumblineplumbline', 'councilcouncil',
  'council12345', 'socialworker', 'socialwork123', 'childrenservices', 'safeguarding', 'safeguarding1',
  'qualityassurance', 'correcthorsebatterystaple', 'thequickbrownfox', 'opensesame123', 'mypassword123',
  'mypassphrase', 'secretpassword', 'supersecret12', 'letmein123456', 'password2026', 'password2025',
  'demo-passphrase-2026',
];

const normalise = (s: string) => s.toLowerCase().replace(/\s+/g, '');
const COMMON = new Set(COMMON_PASSPHRASES.map(normalise));

/** True when the passphrase is on the common list (whatever its case and spacing). */
export function isCommonPassphrase(passphrase: string): boolean {
  return COMMON.has(normalise(passphrase));
}
