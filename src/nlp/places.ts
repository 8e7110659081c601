/**
 * A small gazetteer: the world's countries, capitals, continents and common regions. The lite
 * model has no place entities, and without them "Iran, Pakistan, Russia" reads as any names.
 * General knowledge only; nothing here is taken from a corpus.
 */
const COUNTRIES = `Afghanistan Albania Algeria Andorra Angola Antigua Argentina Armenia Australia Austria Azerbaijan Bahamas Bahrain
Bangladesh Barbados Belarus Belgium Belize Benin Bhutan Bolivia Bosnia Botswana Brazil Brunei Bulgaria Burkina_Faso Burundi
Cambodia Cameroon Canada Cape_Verde Chad Chile China Colombia Comoros Congo Costa_Rica Croatia Cuba Cyprus Czechia
Czech_Republic Denmark Djibouti Dominica Dominican_Republic Ecuador Egypt El_Salvador Eritrea Estonia Eswatini Ethiopia Fiji
Finland France Gabon Gambia Georgia Germany Ghana Greece Grenada Guatemala Guinea Guyana Haiti Honduras Hungary Iceland India
Indonesia Iran Iraq Ireland Israel Italy Ivory_Coast Jamaica Japan Jordan Kazakhstan Kenya Kiribati Kosovo Kuwait Kyrgyzstan
Laos Latvia Lebanon Lesotho Liberia Libya Liechtenstein Lithuania Luxembourg Madagascar Malawi Malaysia Maldives Mali Malta
Mauritania Mauritius Mexico Micronesia Moldova Monaco Mongolia Montenegro Morocco Mozambique Myanmar Burma Namibia Nauru Nepal
Netherlands Holland New_Zealand Nicaragua Niger Nigeria North_Korea North_Macedonia Macedonia Norway Oman Pakistan Palau
Palestine Panama Papua_New_Guinea Paraguay Peru Philippines Poland Portugal Qatar Romania Russia Rwanda Samoa San_Marino
Saudi_Arabia Senegal Serbia Seychelles Sierra_Leone Singapore Slovakia Slovenia Somalia South_Africa South_Korea South_Sudan
Spain Sri_Lanka Sudan Suriname Sweden Switzerland Syria Taiwan Tajikistan Tanzania Thailand Togo Tonga Trinidad Tunisia
Turkey Turkiye Turkmenistan Tuvalu Uganda Ukraine United_Arab_Emirates UAE United_Kingdom UK Britain Great_Britain England
Scotland Wales United_States USA U.S. America Uruguay Uzbekistan Vanuatu Vatican Venezuela Vietnam Yemen Zambia Zimbabwe
Soviet_Union USSR Yugoslavia Prussia Tibet Kashmir Kurdistan Chechnya Crimea Gaza West_Bank`;

const CAPITALS_AND_CITIES = `Kabul Islamabad Tehran Baghdad Damascus Beirut Amman Riyadh Doha Dubai Abu_Dhabi Muscat Sanaa Cairo Tripoli Tunis
Algiers Rabat Khartoum Addis_Ababa Nairobi Mogadishu Kampala Lagos Abuja Accra Dakar Kinshasa Johannesburg Cape_Town Pretoria
Ankara Istanbul Moscow Kyiv Kiev Minsk Warsaw Berlin Paris London Madrid Lisbon Rome Vienna Prague Budapest Athens Brussels
Amsterdam Geneva Zurich Stockholm Oslo Copenhagen Helsinki Dublin Edinburgh Washington New_York Los_Angeles Chicago Boston
San_Francisco Toronto Ottawa Montreal Mexico_City Havana Bogota Lima Santiago Buenos_Aires Brasilia Rio_de_Janeiro Sao_Paulo
Beijing Shanghai Hong_Kong Tokyo Seoul Pyongyang Taipei Manila Jakarta Bangkok Hanoi Singapore Kuala_Lumpur Delhi New_Delhi
Mumbai Kolkata Karachi Lahore Peshawar Quetta Dhaka Kathmandu Colombo Tashkent Dushanbe Ashgabat Bishkek Astana Almaty Baku
Tbilisi Yerevan Jerusalem Tel_Aviv Kandahar Herat Mazar-i-Sharif Jalalabad Canberra Sydney Melbourne Wellington`;

const REGIONS = `Africa Asia Europe Antarctica Oceania North_America South_America Latin_America Central_America Middle_East
Near_East Far_East Central_Asia South_Asia East_Asia Southeast_Asia West_Africa East_Africa North_Africa Southern_Africa
Horn_of_Africa Sahel Balkans Caucasus Caribbean Scandinavia Mediterranean Arabian_Peninsula Persian_Gulf Gulf Maghreb
Mahgreb Indian_Subcontinent Eurasia Siberia Himalayas Sahara Levant Pacific Atlantic`;

function toSet(list: string): Set<string> {
  return new Set(list.split(/\s+/).filter(Boolean).map((w) => w.replace(/_/g, ' ').toLowerCase()));
}

const PLACES = new Set([...toSet(COUNTRIES), ...toSet(CAPITALS_AND_CITIES), ...toSet(REGIONS)]);

/** Whether a name, as written, is a known country, capital, city or region ("Saudi Arabia", "Kabul"). */
export function isKnownPlace(name: string): boolean {
  return PLACES.has(name.toLowerCase().replace(/\s+/g, ' ').replace(/^the /, ''));
}
