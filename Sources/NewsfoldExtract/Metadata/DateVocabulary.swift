/// The words ``DateParser`` knows: month and weekday names in English, German, French, Spanish,
/// Italian, Portuguese and Dutch (full, abbreviated, with and without accents), month names in
/// Russian, Ukrainian, Polish, Czech, the Nordic languages and Turkish, the labels that may
/// precede a date, and time-zone abbreviations with their offsets.
///
/// Look-ups are O(1) hash probes on a ``WordKey``; the tables are built once.
enum DateVocabulary {
    /// Month number (1–12) by lower-cased name or abbreviation (without the trailing period).
    static let months: [WordKey: Int] = {
        let names: [[String]] = [
            ["january", "jan", "januar", "jän", "jänner", "janvier", "janv", "enero", "ene",
             "gennaio", "gen", "janeiro", "januari"],
            ["february", "feb", "febr", "februar", "février", "fevrier", "févr", "fevr", "fév", "fev",
             "febrero", "febbraio", "fevereiro", "februari"],
            ["march", "mar", "märz", "maerz", "marz", "mär", "mrz", "mars", "marzo", "março", "marco",
             "maart", "mrt"],
            ["april", "apr", "avril", "avr", "abril", "abr", "aprile"],
            ["may", "mai", "mayo", "maggio", "mag", "maio", "mei"],
            ["june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho"],
            ["july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho"],
            ["august", "aug", "août", "aout", "agosto", "ago", "augustus"],
            ["september", "sep", "sept", "septembre", "septiembre", "setiembre", "set", "settembre",
             "sett", "setembro"],
            ["october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro",
             "out"],
            ["november", "nov", "novembre", "noviembre", "novembro"],
            ["december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic",
             "dicembre", "dezembro"],
        ]
        var table: [WordKey: Int] = [:]
        for (index, list) in names.enumerated() {
            for name in list { table[WordKey(name)] = index + 1 }
        }
        for (index, list) in moreNames.enumerated() {
            for name in list where table[WordKey(name)] == nil { table[WordKey(name)] = index + 1 }
        }
        return table
    }()

    /// Month names of further languages, as dates write them (`15 августа 2016`,
    /// `3 listopada 2021`, `19. února 2020`, `5 Şubat 2023`, `22 augusti 2019`): Russian and
    /// Ukrainian (genitive and nominative; Ukrainian `листопада` is longer than a ``WordKey`` and
    /// is left out), Polish, Czech, Swedish, Danish, Norwegian, Finnish and Turkish.
    private static let moreNames: [[String]] = [
        ["января", "январь", "янв", "січня", "січень", "stycznia", "styczeń", "ledna", "leden",
         "tammikuuta", "tammikuu", "ocak", "Ocak"],
        ["февраля", "февраль", "фев", "лютого", "лютий", "lutego", "luty", "února", "unora", "únor",
         "helmikuuta", "helmikuu", "şubat", "Şubat", "subat"],
        ["марта", "март", "мар", "березня", "березень", "marca", "marzec", "března", "brezna",
         "maaliskuuta", "marts", "mart", "Mart"],
        ["апреля", "апрель", "апр", "квітня", "квітень", "kwietnia", "kwiecień", "dubna", "duben",
         "huhtikuuta", "nisan", "Nisan"],
        ["мая", "май", "травня", "травень", "maja", "maj", "května", "kvetna", "květen",
         "toukokuuta", "mayıs", "Mayıs", "mayis"],
        ["июня", "июнь", "июн", "червня", "червень", "czerwca", "czerwiec", "června", "cervna",
         "kesäkuuta", "haziran", "Haziran"],
        ["июля", "июль", "июл", "липня", "липень", "lipca", "lipiec", "července", "cervence",
         "heinäkuuta", "temmuz", "Temmuz"],
        ["августа", "август", "авг", "серпня", "серпень", "sierpnia", "sierpień", "srpna", "srpen",
         "augusti", "elokuuta", "ağustos", "Ağustos", "agustos"],
        ["сентября", "сентябрь", "сен", "вересня", "вересень", "września", "wrzesień", "září",
         "zari", "syyskuuta", "eylül", "Eylül", "eylul"],
        ["октября", "октябрь", "окт", "жовтня", "жовтень", "października", "październik", "října",
         "rijna", "lokakuuta", "ekim", "Ekim"],
        ["ноября", "ноябрь", "ноя", "listopada", "listopad", "listopadu", "marraskuuta", "kasım",
         "Kasım", "kasim"],
        ["декабря", "декабрь", "дек", "грудня", "грудень", "grudnia", "grudzień", "prosince",
         "prosinec", "joulukuuta", "aralık", "Aralık", "aralik", "desember"],
    ]

    /// Weekday names and abbreviations (skipped before a date).
    static let weekdays: Set<WordKey> = Set([
        "monday", "mon", "tuesday", "tue", "tues", "wednesday", "wed", "thursday", "thu", "thur",
        "thurs", "friday", "fri", "saturday", "sat", "sunday", "sun",
        "montag", "mo", "dienstag", "di", "mittwoch", "mi", "donnerstag", "do", "freitag", "fr",
        "samstag", "sonnabend", "sa", "sonntag", "so",
        "lundi", "lun", "mardi", "mar", "mercredi", "mer", "jeudi", "jeu", "vendredi", "ven", "samedi",
        "sam", "dimanche", "dim",
        "lunes", "martes", "miércoles", "miercoles", "mié", "jueves", "jue", "viernes", "vie",
        "sábado", "sabado", "sáb", "domingo", "dom",
        "lunedì", "lunedi", "martedì", "martedi", "mercoledì", "mercoledi", "giovedì", "giovedi",
        "venerdì", "venerdi", "sabato", "domenica",
        "segunda", "terça", "terca", "quarta", "quinta", "sexta", "feira",
        "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
    ].map(WordKey.init))

    /// Words that may stand before a date in a label such as `Last Updated :`, `Published on`,
    /// `Publié le`, `Veröffentlicht am`, `Actualizado el`.
    static let labels: Set<WordKey> = Set([
        "published", "publish", "pub", "updated", "update", "upd", "last", "first", "date", "dated",
        "posted", "on", "modified", "created", "issued", "time", "at", "originally", "and",
        "publié", "publie", "mis", "à", "jour", "le", "veröffentlicht", "aktualisiert", "am",
        "stand", "zuletzt", "publicado", "actualizado", "el", "en", "pubblicato", "aggiornato",
        "il", "gepubliceerd", "bijgewerkt", "op", "atualizado", "em",
    ].map(WordKey.init))

    /// Words that may join a date and its time: `at`, `um`, `à`, `a las`, `alle`, `às`, `om`.
    static let timeJoiners: Set<WordKey> = Set([
        "at", "um", "à", "a", "las", "la", "alle", "ore", "às", "as", "om", "kl", "klo", "t", "o",
    ].map(WordKey.init))

    /// Ordinal suffixes after a day number: `5th`, `1er`, `1º`.
    static let ordinals: Set<WordKey> = Set(["st", "nd", "rd", "th", "er", "e", "º", "ª"].map(WordKey.init))

    /// Words between day, month and year: `5 de septiembre de 2023`, `5th of September`.
    static let dateJoiners: Set<WordKey> = Set(["de", "del", "of"].map(WordKey.init))

    /// A zone: a fixed offset, or a US zone whose offset follows daylight-saving time.
    enum Zone: Sendable, Equatable {
        case fixed(Int)
        /// `ET`, `CT`, `MT`, `PT`: the standard offset; an hour is added inside US daylight time.
        case usGeneric(standard: Int)
    }

    /// Zone abbreviations with fixed offsets in minutes. Where an abbreviation is used for
    /// several zones the table picks the one news pages mean most often: `IST` India (+05:30,
    /// not Irish or Israel time), `CST` US Central (−06:00, not China), `PST` US Pacific, `AST`
    /// Atlantic (−04:00, not Arabia), `BST` British Summer Time.
    static let zones: [WordKey: Zone] = {
        let fixed: [(String, Int)] = [
            ("gmt", 0), ("utc", 0), ("ut", 0), ("z", 0), ("wet", 0), ("west", 60), ("bst", 60),
            ("ist", 330), ("cet", 60), ("cest", 120), ("met", 60), ("mest", 120), ("mez", 60),
            ("mesz", 120), ("eet", 120), ("eest", 180), ("msk", 180), ("trt", 180), ("gst", 240),
            ("pkt", 300), ("npt", 345), ("ict", 420), ("wib", 420), ("wita", 480), ("wit", 540),
            ("hkt", 480), ("sgt", 480), ("myt", 480), ("pht", 480), ("awst", 480), ("jst", 540),
            ("kst", 540), ("acst", 570), ("acdt", 630), ("aest", 600), ("aedt", 660),
            ("nzst", 720), ("nzdt", 780), ("est", -300), ("edt", -240), ("cst", -360),
            ("cdt", -300), ("mst", -420), ("mdt", -360), ("pst", -480), ("pdt", -420),
            ("akst", -540), ("akdt", -480), ("hst", -600), ("ast", -240), ("adt", -180),
            ("nst", -210), ("ndt", -150), ("sast", 120), ("cat", 120), ("eat", 180), ("wat", 60),
            ("brt", -180), ("art", -180),
        ]
        var table: [WordKey: Zone] = [:]
        for (name, offset) in fixed { table[WordKey(name)] = .fixed(offset) }
        for (name, offset) in [("et", -300), ("ct", -360), ("mt", -420), ("pt", -480)] {
            table[WordKey(name)] = .usGeneric(standard: offset)
        }
        return table
    }()

    /// Whether a calendar day falls inside US daylight-saving time: from the second Sunday of
    /// March to the first Sunday of November (since 2007), the first Sunday of April to the last
    /// Sunday of October before. The 2 a.m. switch is ignored: on the two changeover days the
    /// whole day counts as after the change. O(1).
    static func isUSDaylightTime(year: Int, month: Int, day: Int) -> Bool {
        func nthSunday(_ month: Int, _ n: Int) -> Int {
            let first = NewsDateWeekday.of(year: year, month: month, day: 1)
            return 1 + (7 - first) % 7 + 7 * (n - 1)
        }
        let (startMonth, startDay, endMonth, endDay): (Int, Int, Int, Int)
        if year >= 2007 {
            (startMonth, startDay, endMonth, endDay) = (3, nthSunday(3, 2), 11, nthSunday(11, 1))
        } else {
            let lastOct = 31 - NewsDateWeekday.of(year: year, month: 10, day: 31)
            (startMonth, startDay, endMonth, endDay) = (4, nthSunday(4, 1), 10, lastOct)
        }
        let v = month * 100 + day
        return v >= startMonth * 100 + startDay && v < endMonth * 100 + endDay
    }
}

/// Day of the week of a civil date, 0 = Sunday. O(1).
enum NewsDateWeekday {
    static func of(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return ((days % 7) + 7 + 4) % 7
    }

    /// The civil date `days` after 1970-01-01 (Howard Hinnant's algorithm). O(1).
    static func civil(fromDays z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
