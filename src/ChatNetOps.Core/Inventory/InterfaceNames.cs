namespace ChatNetOps.Core.Inventory;

using System.Text.RegularExpressions;

/// <summary>
/// Interface names the way engineers type them (<c>gi1/0/1</c>, <c>Gig1/0/1</c>, <c>Gi 1/0/1</c>, <c>eth1/1</c>,
/// <c>po10</c>, <c>PORT1</c>) turned into the platform's own spelling (<c>GigabitEthernet1/0/1</c>, <c>Ethernet1/1</c>,
/// <c>port-channel10</c>, <c>port1</c>) before an input is validated, rendered and hashed; and the closest valid form
/// when a name is still refused. IOS-style abbreviation: any prefix of the full name at least as long as the usual
/// short form (<c>Gi</c>, <c>Te</c>, <c>Tw</c>, <c>Twe</c>, ...), case-insensitive, hyphens ignored.
/// </summary>
public static partial class InterfaceNames
{
    /// <summary>Full name, shortest accepted prefix, other spellings (compared lower-case without hyphens).</summary>
    private sealed record Family(string Name, string Shortest, params string[] Aliases);

    // IOS / IOS XE. "Tw" is TwoGigabitEthernet on IOS XE (Catalyst 9000); TwentyFiveGigE is "Twe", as the CLI itself abbreviates them.
    private static readonly Family[] Ios =
    [
        new("GigabitEthernet", "gi"),
        new("TenGigabitEthernet", "te"),
        new("TwoGigabitEthernet", "tw"),
        new("TwentyFiveGigE", "twe", "twentyfivegigabitethernet"),
        new("FortyGigabitEthernet", "fo"),
        new("HundredGigE", "hu", "hundredgigabitethernet"),
        new("FastEthernet", "fa"),
        new("Ethernet", "e"),
        new("Port-channel", "po"),
        new("Vlan", "vl"),
        new("Loopback", "lo"),
        new("Tunnel", "tu"),
    ];

    private static readonly Family[] Nxos =
    [
        new("Ethernet", "e"),
        new("port-channel", "po"),
        new("loopback", "lo"),
        new("Vlan", "vl"),
        new("mgmt", "mg"),
        new("Tunnel", "tu"),
    ];

    /// <summary>FortiOS hardware port families: lower-case on the device; user-named interfaces keep their case.</summary>
    private static readonly string[] FortiPorts = ["port", "wan", "lan", "dmz", "internal", "mgmt", "ha", "x", "fortilink"];

    private static readonly IReadOnlyDictionary<Platform, string[]> Examples = new Dictionary<Platform, string[]>
    {
        [Platform.CiscoIos] = ["GigabitEthernet1/0/1", "TenGigabitEthernet1/1/1", "GigabitEthernet0/1", "FastEthernet0/1", "Ethernet0/0", "Vlan10", "Loopback0"],
        [Platform.CiscoNxos] = ["Ethernet1/1", "Ethernet1/1/1", "port-channel10", "Vlan10", "loopback0"],
        [Platform.FortiOS] = ["port1", "wan1", "internal", "dmz"],
        [Platform.Linux] = ["eth0", "ens3", "bond0"],
    };

    /// <summary>
    /// The platform's spelling of <paramref name="value"/>; the value unchanged when it is no name this platform
    /// abbreviates. One blank between the letters and the number is dropped (<c>Gi 1/0/1</c>); nothing else is trimmed,
    /// so a value with any other blank or control character stays as typed and is refused by validation.
    /// </summary>
    public static string Normalise(Platform platform, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value;
        var m = NameAndNumber().Match(trimmed);
        if (!m.Success)
        {
            return trimmed;
        }

        var name = m.Groups["name"].Value;
        var number = m.Groups["number"].Value;
        switch (platform)
        {
            case Platform.CiscoIos:
                return FindFamily(Ios, name) is { } ios && number.Length > 0 ? ios.Name + number : trimmed;
            case Platform.CiscoNxos:
                return FindFamily(Nxos, name) is { } nxos && number.Length > 0 ? nxos.Name + number : trimmed;
            case Platform.FortiOS:
                var lower = name.ToLowerInvariant();
                return FortiPorts.Contains(lower, StringComparer.Ordinal) ? lower + number : trimmed;
            default:
                return trimmed;
        }
    }

    /// <summary>
    /// The closest name to <paramref name="value"/> that <paramref name="accepts"/> takes on <paramref name="platform"/>:
    /// the same number under the nearest interface family (a typo such as <c>Gigabitethernt1/0/5</c> or <c>Gx1/0/5</c>);
    /// null when none is close.
    /// </summary>
    public static string? Suggest(Platform platform, string value, Func<string, bool> accepts)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(accepts);
        var m = NameAndNumber().Match(value);
        if (!m.Success || m.Groups["number"].Value.Length == 0)
        {
            return null;
        }

        var typed = Key(m.Groups["name"].Value);
        var number = m.Groups["number"].Value;
        IEnumerable<string> names = platform switch
        {
            Platform.CiscoIos => Ios.Select(f => f.Name),
            Platform.CiscoNxos => Nxos.Select(f => f.Name),
            Platform.FortiOS => FortiPorts,
            _ => [],
        };

        return names
            .Select(n => (Name: n + number, Distance: Math.Min(Distance(typed, Key(n)), ShortFormDistance(typed, n, platform))))
            .Where(c => c.Distance <= Math.Max(2, typed.Length / 3) && accepts(c.Name))
            .OrderBy(c => c.Distance)
            .Select(c => c.Name)
            .FirstOrDefault();
    }

    /// <summary>
    /// The shape (JavaScript and .NET syntax, unanchored) of every value <see cref="Normalise"/> may rewrite on one of
    /// <paramref name="platforms"/>, for a chat form's client-side check: a value of another shape stays as typed, so a
    /// form that accepts this shape or the input's own pattern never refuses a name the server would take. Null when
    /// none of the platforms abbreviates names.
    /// </summary>
    public static string? TypedPattern(IEnumerable<Platform> platforms)
    {
        ArgumentNullException.ThrowIfNull(platforms);
        var set = platforms.ToHashSet();
        return set.Contains(Platform.FortiOS)
            ? "[A-Za-z][A-Za-z-]{0,30} ?(?:[0-9][0-9/.:]{0,20})?" // FortiOS ports without a number (internal, dmz) are lower-cased too
            : set.Contains(Platform.CiscoIos) || set.Contains(Platform.CiscoNxos)
                ? "[A-Za-z][A-Za-z-]{0,30} ?[0-9][0-9/.:]{0,20}"
                : null;
    }

    /// <summary>An example name <paramref name="accepts"/> takes on <paramref name="platform"/>, for an error message.</summary>
    public static string? Example(Platform platform, Func<string, bool> accepts)
    {
        ArgumentNullException.ThrowIfNull(accepts);
        return Examples.GetValueOrDefault(platform, []).FirstOrDefault(accepts);
    }

    private static Family? FindFamily(Family[] families, string name)
    {
        var key = Key(name);
        return families.FirstOrDefault(f =>
            (key.Length >= f.Shortest.Length && Key(f.Name).StartsWith(key, StringComparison.Ordinal))
            || f.Aliases.Any(a => a.Length >= key.Length && key.Length >= f.Shortest.Length && a.StartsWith(key, StringComparison.Ordinal)));
    }

    /// <summary>How far <paramref name="typed"/> is from the family's short form (<c>Gx</c> is one edit from <c>Gi</c>).</summary>
    private static int ShortFormDistance(string typed, string name, Platform platform)
    {
        var family = (platform == Platform.CiscoIos ? Ios : platform == Platform.CiscoNxos ? Nxos : []).FirstOrDefault(f => f.Name == name);
        return family is null || typed.Length > family.Shortest.Length + 1 ? int.MaxValue : Distance(typed, family.Shortest);
    }

    private static string Key(string name) => name.Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>Levenshtein distance (names are short).</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>Letters (and hyphens), optional blanks, then the number part: <c>Gi 1/0/1</c>, <c>port-channel10</c>, <c>Ethernet1/5.100</c>.</summary>
    [GeneratedRegex(@"^(?<name>[A-Za-z][A-Za-z-]{0,30}?) ?(?<number>[0-9][0-9/.:]{0,20})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex NameAndNumber();
}
