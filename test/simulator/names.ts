// Name and title lists for the seeded organisation. Deliberately international: accents, ligatures,
// Polish/Nordic/Czech/Vietnamese letters and a few CJK names exercise sorting, case-insensitive
// filters and display in the client.

/** [display, ascii]: the ASCII form builds usernames; omitted when transliteration derives it. */
export type NameEntry = readonly [string, string?];

export const FIRST_NAMES: readonly NameEntry[] = [
  ['James'], ['Mary'], ['Olivia'], ['Liam'], ['Noah'], ['Emma'], ['Ava'], ['Sophia'], ['Mia'], ['Lucas'],
  ['Ethan'], ['Amelia'], ['Harper'], ['Elijah'], ['Aria'], ['Daniel'], ['Grace'], ['Henry'], ['Chloe'],
  ['Zoë'], ['José'], ['Łukasz'], ['Søren'], ['Chloé'], ['Ólafur'], ['François'], ['Björn'], ['Siobhán'],
  ['Ayşe'], ['İlker'], ['Renée'], ['Mateo'], ['Noémie'], ['Jürgen'], ['Åsa'], ['Priya'], ['Arjun'],
  ['Fatima'], ['Omar'], ['Aisha'], ['Kwame'], ['Chidi'], ['Ngozi'], ['Hiroshi'], ['Mei'], ['Raúl'],
  ['Inés'], ['Małgorzata'], ['Zofia'], ['Jiří'], ['Tomáš'], ['Dagný'], ['Þóra'], ['Gökhan'], ['Minh'],
  ['Thảo'], ['Đức'], ['Ana'], ['Marco'], ['Giulia'], ['Sven'], ['Ingrid'], ['Pierre'], ['Léa'],
  ['Dmitri'], ['Katarzyna'], ['Andrés'], ['Lucía'], ['Sean'], ['Niamh'], ['Taylor'], ['Jordan'],
  ['Alex'], ['Sam'], ['Robin'], ['Kai'], ['Yusuf'], ['Leila'], ['Nils'], ['Astrid'],
];

export const LAST_NAMES: readonly NameEntry[] = [
  ['Smith'], ['Johnson'], ['Williams'], ['Brown'], ['Jones'], ['Garcia'], ['Miller'], ['Davis'],
  ['Rodriguez'], ['Martinez'], ['Hernández'], ['López'], ['Gonzalez'], ['Wilson'], ['Anderson'],
  ['Thomas'], ['Taylor'], ['Moore'], ['Jackson'], ['Martin'], ['Lee'], ['Pérez'], ['Thompson'],
  ['White'], ['Harris'], ['Sánchez'], ['Clark'], ['Ramírez'], ['Lewis'], ['Robinson'], ['Walker'],
  ['Young'], ['Allen'], ['King'], ['Wright'], ['Scott'], ['Torres'], ['Nguyễn'], ['Trần'], ['Phạm'],
  ['Müller'], ['Schröder'], ['Dvořák'], ['Nowak'], ['Kowalski'], ['Wiśniewski'], ['Jørgensen'],
  ['Østergaard'], ['Álvarez'], ['Núñez'], ["O'Brien"], ['MacDonald'], ['van der Berg'], ['De Luca'],
  ['Rossi'], ['Bianchi'], ['Kovačić'], ['Petrović'], ['Novák'], ['Svensson'], ['Ólafsdóttir'],
  ['Gíslason'], ['Yılmaz'], ['Öztürk'], ['Patel'], ['Sharma'], ['Singh'], ['Okafor'], ['Mensah'],
  ['Haddad'], ['Cohen'], ['Lévy'], ['Dubois'], ['Lefèvre'], ['Fontaine'], ['Schmidt'], ['Weiß'],
  ['Popescu'], ['Ivanova'], ['Nakamura'], ['Tanaka'], ['Kim'], ['Park'], ['Chen'],
];

/** A few people named in their own script, first and last name from the same culture. */
export const CJK_NAMES: readonly { readonly first: readonly NameEntry[]; readonly last: readonly NameEntry[] }[] = [
  {
    first: [['伟', 'wei'], ['芳', 'fang'], ['静', 'jing'], ['磊', 'lei'], ['秀英', 'xiuying']],
    last: [['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['陈', 'chen'], ['刘', 'liu']],
  },
  {
    first: [['翔太', 'shota'], ['花子', 'hanako'], ['陽菜', 'hina'], ['大輔', 'daisuke']],
    last: [['佐藤', 'sato'], ['鈴木', 'suzuki'], ['高橋', 'takahashi'], ['渡辺', 'watanabe']],
  },
  {
    first: [['민준', 'minjun'], ['서연', 'seoyeon'], ['지우', 'jiwoo']],
    last: [['김', 'kim'], ['박', 'park'], ['최', 'choi']],
  },
];

export const TITLES: readonly string[] = [
  'Project Manager', 'Senior Project Manager', 'Program Manager', 'Portfolio Director', 'Marketing Manager',
  'Content Strategist', 'Copywriter', 'Graphic Designer', 'Senior Designer', 'UX Researcher',
  'Product Owner', 'Product Manager', 'Software Engineer', 'Senior Software Engineer', 'QA Analyst',
  'Business Analyst', 'Financial Analyst', 'Controller', 'Accountant', 'HR Business Partner',
  'Recruiter', 'Legal Counsel', 'Paralegal', 'Operations Manager', 'Operations Coordinator',
  'Account Executive', 'Account Manager', 'Sales Operations Analyst', 'Customer Success Manager',
  'Support Specialist', 'IT Administrator', 'Systems Engineer', 'Data Analyst', 'Creative Director',
  'Traffic Manager', 'Resource Manager', 'Brand Manager', 'Social Media Specialist', 'Video Producer',
  'Facilities Coordinator', 'Executive Assistant', 'Chief of Staff', 'VP Marketing', 'Director of Operations',
];

export const EXTERNAL_TITLES: readonly string[] = [
  'Agency Partner', 'Freelance Designer', 'Contractor', 'Vendor Contact', 'External Reviewer',
];

const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', æ: 'ae', Æ: 'AE', ß: 'ss', đ: 'd', Đ: 'D', ı: 'i', þ: 'th', Þ: 'Th',
  ð: 'd', Ð: 'D', œ: 'oe', Œ: 'OE',
};

/** Lower-case ASCII letters and digits only: the form used in usernames and email addresses. */
export function transliterate(text: string): string {
  return text
    .replace(/[łŁøØæÆßđĐıþÞðÐœŒ]/g, (c) => SPECIAL_LETTERS[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

export function asciiOf(entry: NameEntry): string {
  return entry[1] ?? transliterate(entry[0]);
}
