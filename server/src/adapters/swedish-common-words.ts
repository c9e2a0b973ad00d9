/**
 * Swedish words people build passwords from ("Sommar2020", "Lösenord1!", "Hösten2023"). zxcvbn's list comes from
 * mostly English-language leaks, so these pass it even though they are among the first things a guesser tries
 * against a Swedish portal. Our own list, lower-case: seasons, months, days, words of the trade ("lösenord",
 * "hemligt"), common first names, places, football and hockey clubs, pets and everyday words. Kept on the server: the
 * browser never needs it.
 */
// Grouped by kind, several to a line: the groups read better than one word per line.
// prettier-ignore
export const swedishCommonWords: readonly string[] = [
  // The word itself, and words for a secret or a greeting.
  'lösenord', 'lösen', 'losen', 'password', 'hemligt', 'hemlig', 'hemlis', 'hemligheter', 'nyckel', 'kod', 'koden',
  'välkommen', 'valkommen', 'hejsan', 'hallå', 'tjena', 'tjenare', 'tjabba', 'hejhej', 'inloggning', 'logga', 'konto',
  'admin', 'användare', 'test', 'testar', 'portal', 'kund', 'kunder', 'jobbet', 'jobb', 'arbete', 'företag', 'kontoret',
  // Seasons, with and without the article.
  'sommar', 'sommaren', 'vinter', 'vintern', 'vår', 'våren', 'höst', 'hösten', 'sommarlov', 'jullov', 'sportlov',
  'midsommar', 'jul', 'julen', 'julafton', 'påsk', 'påsken', 'nyår', 'nyårsafton', 'semester', 'lucia', 'valborg',
  // Months.
  'januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december',
  // Days.
  'måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag', 'helgen', 'veckan', 'idag', 'imorgon',
  // Love and family.
  'kärlek', 'karlek', 'älskling', 'alskling', 'älskar', 'jagälskardig', 'hjärtat', 'gullet', 'sötnos', 'raring',
  'familj', 'familjen', 'mamma', 'pappa', 'mormor', 'farmor', 'morfar', 'farfar', 'syster', 'bror', 'barnen', 'bebis',
  'prinsessa', 'prins', 'drottning', 'kungen', 'ängel', 'ängeln', 'stjärna', 'stjärnan', 'hjärta',
  // Common first names.
  'anna', 'eva', 'maria', 'karin', 'sara', 'lena', 'kerstin', 'emma', 'ingrid', 'malin', 'linnea', 'elin', 'johanna',
  'sofia', 'ida', 'hanna', 'julia', 'ebba', 'maja', 'alice', 'elsa', 'astrid', 'wilma', 'saga', 'alva', 'agnes',
  'klara', 'signe', 'frida', 'matilda', 'emelie', 'lisa', 'jenny', 'linda', 'camilla', 'therese', 'jessica',
  'cecilia', 'helena', 'kristina', 'birgitta', 'margareta', 'elisabeth', 'ulla', 'gunilla', 'marie', 'louise',
  'erik', 'lars', 'karl', 'anders', 'johan', 'per', 'nils', 'mikael', 'jan', 'hans', 'peter', 'olof', 'gustav',
  'lennart', 'fredrik', 'daniel', 'stefan', 'magnus', 'mattias', 'andreas', 'jonas', 'niklas', 'martin', 'henrik',
  'oskar', 'oscar', 'william', 'lucas', 'liam', 'elias', 'hugo', 'noah', 'adam', 'alexander', 'axel', 'filip',
  'viktor', 'emil', 'anton', 'isak', 'ludvig', 'albin', 'olle', 'sixten', 'melvin', 'leo', 'sebastian', 'simon',
  'kalle', 'pelle', 'nisse', 'lasse', 'sven', 'bengt', 'göran', 'ulf', 'åke', 'björn', 'bosse', 'janne',
  // Places.
  'sverige', 'svensk', 'svenska', 'stockholm', 'göteborg', 'goteborg', 'malmö', 'malmo', 'uppsala', 'västerås',
  'örebro', 'linköping', 'helsingborg', 'jönköping', 'norrköping', 'lund', 'umeå', 'gävle', 'borås', 'södertälje',
  'eskilstuna', 'karlstad', 'täby', 'växjö', 'halmstad', 'sundsvall', 'luleå', 'trollhättan', 'östersund', 'kiruna',
  'gotland', 'visby', 'skåne', 'norrland', 'dalarna', 'småland', 'värmland', 'lappland', 'söder', 'norrmalm',
  // Football and hockey clubs.
  'aik', 'gnaget', 'djurgården', 'djurgarden', 'dif', 'hammarby', 'bajen', 'malmöff', 'mff', 'ifkgöteborg', 'blåvitt',
  'ifk', 'häcken', 'hacken', 'elfsborg', 'ifknorrköping', 'peking', 'kalmarff', 'halmstadsbk', 'hbk', 'gais', 'öis',
  'sirius', 'mjällby', 'degerfors', 'värnamo', 'brommapojkarna', 'öster', 'gefle', 'landskrona',
  'helsingborgsif', 'trelleborg', 'sundsvallgiff', 'frölunda', 'färjestad', 'brynäs', 'luleåhockey', 'skellefteå',
  'leksand', 'modo', 'timrå', 'rögle', 'tre kronor', 'trekronor', 'blågult', 'zlatan', 'ibrahimovic', 'forsberg',
  // Pets and animals.
  'katt', 'katten', 'kattis', 'misse', 'hund', 'hunden', 'vovve', 'valp', 'häst', 'hästen', 'ponny', 'kanin',
  'marsvin', 'björnen', 'varg', 'vargen', 'räv', 'älg', 'älgen', 'lejon', 'tiger', 'apa', 'igelkott', 'uggla',
  'fisken', 'nalle', 'bamse', 'pippi', 'tomte', 'tomten', 'troll', 'trollet', 'drake', 'draken',
  // Everyday words.
  'fotboll', 'hockey', 'innebandy', 'handboll', 'ridning', 'musik', 'dator', 'datorn', 'telefon', 'mobil', 'bilen',
  'volvo', 'saab', 'scania', 'ikea', 'abba', 'kaffe', 'fika', 'kanelbulle', 'glass', 'choklad', 'godis', 'pizza',
  'korv', 'köttbullar', 'surströmming', 'sill', 'snaps', 'öl', 'vin', 'sol', 'solen', 'solsken', 'måne', 'månen',
  'regn', 'regnbåge', 'snö', 'snön', 'is', 'himmel', 'himlen', 'havet', 'sjön', 'skogen', 'fjäll', 'fjället',
  'stugan', 'sommarstuga', 'båten', 'blomma', 'blomman', 'ros', 'rosen', 'tulpan', 'lilja', 'äpple', 'jordgubbe',
  'blåbär', 'lingon', 'hemma', 'hemmet', 'huset', 'villa', 'skolan', 'lärare', 'vän', 'vänner', 'kompis', 'bästis',
  'lycka', 'lyckan', 'glädje', 'frihet', 'fred', 'hopp', 'tro', 'gud', 'jesus', 'himmelen', 'änglar', 'drömmar',
  'dröm', 'drömmen', 'sommarnatt', 'vinternatt', 'fotbollen', 'mästare', 'vinnare', 'kung', 'hemlighet', 'lösenordet',
  'bajs', 'snopp', 'tjej', 'kille', 'grabben', 'gubben', 'gumman', 'svensson', 'andersson', 'johansson', 'karlsson',
  'nilsson', 'eriksson', 'larsson', 'olsson', 'persson', 'pettersson', 'qwertyuiop', 'asdfghjklö', 'åäö', 'abcåäö',
];
