namespace ChatNetOps.Core.Inventory;

using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

/// <summary>
/// Checks chat-supplied values against a runbook's typed inputs. Only values that pass reach a command template,
/// and every value is additionally confined to a conservative character set, so shell and CLI metacharacters,
/// newlines, control characters and look-alike Unicode never reach a device.
/// </summary>
public static partial class InputValidator
{
    /// <summary>The only characters any input value may contain, whatever its type.</summary>
    public const string SafeCharacters = "A-Z a-z 0-9 _ . / : -";

    /// <summary>
    /// A bound on one pattern match. Patterns run on the linear-time (non-backtracking) engine when they can, so this
    /// is a safety net, not a budget; it is wall-clock time, so it is generous enough that a thread descheduled on a
    /// busy host is not refused for it. A match that still runs out of time refuses the value (fails closed).
    /// </summary>
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Runbook input patterns, anchored and built once each (the catalog holds a handful).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    public static InputValidation Validate(Runbook runbook, IReadOnlyDictionary<string, string> raw, InventoryCatalog catalog)
    {
        var errors = new List<InputError>();
        var missing = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        foreach (var key in raw.Keys)
        {
            if (runbook.FindInput(key) is null)
            {
                var known = runbook.Inputs.Count == 0 ? "no inputs" : string.Join(", ", runbook.Inputs.Select(i => i.Name));
                errors.Add(new InputError(Printable(key), $"unknown input for {runbook.Name} (it takes {known})"));
            }
        }

        // Interface names are read per platform, so the targets (device and group inputs) are validated first.
        IReadOnlyList<Platform>? platforms = null;
        foreach (var input in runbook.Inputs.OrderBy(i => i.Type == InputType.Interface ? 1 : 0))
        {
            var supplied = raw.FirstOrDefault(p => string.Equals(p.Key, input.Name, StringComparison.OrdinalIgnoreCase));
            var value = supplied.Key is null ? input.Default : supplied.Value;
            if (string.IsNullOrEmpty(value))
            {
                if (input.Required)
                {
                    missing.Add(input.Name);
                    errors.Add(new InputError(input.Name, "is required"));
                }

                continue;
            }

            string? error;
            string normalised;
            if (input.Type == InputType.Interface)
            {
                platforms ??= TargetPlatforms(runbook, values, catalog);
                error = CheckInterface(input, value, runbook, platforms, out normalised);
            }
            else
            {
                error = Check(input, value, runbook, catalog, out normalised);
            }

            if (error is not null)
            {
                errors.Add(new InputError(input.Name, error));
            }
            else
            {
                values[input.Name] = normalised;
            }
        }

        return new InputValidation(values, errors) { Missing = missing };
    }

    /// <summary>
    /// The rule a value of <paramref name="input"/> must follow, as far as it needs no catalog: what a request's
    /// value is checked against, and what <c>chatnetops lint</c> checks a default against. Null when it passes.
    /// Device and device group names are checked against the catalog by <see cref="Validate"/> only.
    /// </summary>
    public static string? CheckValue(RunbookInput input, string value) => CheckShape(input, value, out _);

    /// <summary>
    /// The client-side pattern a chat form's text field for <paramref name="input"/> uses (JavaScript syntax, anchored):
    /// the same rule as <see cref="CheckValue"/>, so the form refuses what a request would. Null when the input has
    /// no single pattern (a choice or a bounded number is offered instead).
    /// </summary>
    public static string? ClientPattern(RunbookInput input) => input.Type switch
    {
        InputType.Interface or InputType.Token => "^(?:" + Unanchored(EffectivePattern(input)) + ")$",
        InputType.Ipv4 => "^(?:" + Ipv4Pattern + ")$",
        InputType.Integer => "^(?:" + IntegerPattern + ")$",
        _ => null,
    };

    /// <summary>
    /// The client-side pattern of <paramref name="input"/> in a form for a runbook on <paramref name="platforms"/>: for an
    /// interface, the input's pattern or any name the platforms' abbreviation rules may rewrite
    /// (<see cref="InterfaceNames.TypedPattern"/>), so <c>Gi1/0/3</c>, <c>eth1/1</c> or <c>PORT1</c> reach the server, which
    /// normalises and validates them (and answers "did you mean" when they are still wrong). Other inputs as
    /// <see cref="ClientPattern(RunbookInput)"/>.
    /// </summary>
    public static string? ClientPattern(RunbookInput input, IEnumerable<Platform> platforms)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Type == InputType.Interface && InterfaceNames.TypedPattern(platforms) is { } typed
            ? "^(?:" + Unanchored(EffectivePattern(input)) + "|" + typed + ")$"
            : ClientPattern(input);
    }

    /// <summary>
    /// The platforms a request's interface names are read for: those of the device input, else of the runbook's
    /// devices in the group input, else the runbook's only platform; empty when unknown (names are then taken as typed).
    /// </summary>
    private static Platform[] TargetPlatforms(Runbook runbook, Dictionary<string, string> validated, InventoryCatalog catalog)
    {
        var platforms = new List<Platform>();
        foreach (var input in runbook.Inputs)
        {
            if (!validated.TryGetValue(input.Name, out var value))
            {
                continue;
            }

            if (input.Type == InputType.Device && catalog.FindDevice(value) is { } device)
            {
                platforms.Add(device.Platform);
            }
            else if (input.Type == InputType.DeviceGroup)
            {
                platforms.AddRange(catalog.Devices.Where(d => d.InGroup(value) && runbook.Targets(d)).Select(d => d.Platform));
            }
        }

        if (platforms.Count == 0 && runbook.Platforms.Count == 1)
        {
            platforms.Add(runbook.Platforms[0]);
        }

        return platforms.Distinct().Order().ToArray();
    }

    /// <summary>
    /// An interface name in the target platform's spelling (<see cref="InterfaceNames"/>), then the usual checks; a
    /// name the runbook still refuses gets the closest valid form ("did you mean ...?") instead of the pattern.
    /// </summary>
    private static string? CheckInterface(RunbookInput input, string value, Runbook runbook, IReadOnlyList<Platform> platforms, out string normalised)
    {
        if (platforms.Count == 0 || value.Length > input.MaxLength)
        {
            return CheckShape(input, value, out normalised);
        }

        var forms = platforms.Select(p => (Platform: p, Name: InterfaceNames.Normalise(p, value))).ToArray();
        if (forms.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            normalised = value;
            return $"'{Printable(value)}' names different interfaces on the target platforms ({string.Join(", ", forms.Select(f => $"{f.Name} on {f.Platform.ToName()}"))}); "
                + $"run {runbook.Name} on devices of one platform at a time";
        }

        var name = forms[0].Name;
        var problem = CheckShape(input, name, out normalised);
        if (problem is null || !InterfaceLike().IsMatch(name))
        {
            // Valid, or not an interface name at all (unsafe characters, far too long): the plain message.
            return problem;
        }

        bool Accepts(string candidate) => CheckShape(input, candidate, out _) is null;
        var where = platforms.Count == 1 ? platforms[0].ToName() : string.Join("/", platforms.Select(p => p.ToName()));
        var suggestion = platforms.Count == 1 ? InterfaceNames.Suggest(platforms[0], value, Accepts) : null;
        if (suggestion is not null)
        {
            return $"'{Printable(value)}' is not an interface {runbook.Name} accepts on {where}; did you mean {suggestion}?";
        }

        var example = platforms.Select(p => InterfaceNames.Example(p, Accepts)).FirstOrDefault(e => e is not null);
        return example is null
            ? $"'{Printable(value)}' is not an interface {runbook.Name} accepts on {where}" + (input.Description is { } d ? $" ({d})" : string.Empty)
            : $"'{Printable(value)}' is not an interface {runbook.Name} accepts on {where}; it takes names like {example}";
    }

    private static string? Check(RunbookInput input, string value, Runbook runbook, InventoryCatalog catalog, out string normalised)
    {
        if (CheckShape(input, value, out normalised) is { } problem)
        {
            return problem;
        }

        switch (input.Type)
        {
            case InputType.Device:
                var device = catalog.FindDevice(value);
                if (device is null)
                {
                    return $"unknown device '{value}'";
                }

                if (!runbook.Targets(device))
                {
                    return $"device '{device.Name}' ({device.Platform.ToName()}) is outside the scope of {runbook.Name}";
                }

                normalised = device.Name;
                return null;

            case InputType.DeviceGroup:
                var group = catalog.Groups.FirstOrDefault(g => string.Equals(g, value, StringComparison.OrdinalIgnoreCase));
                if (group is null)
                {
                    return $"unknown device group '{value}'";
                }

                normalised = group;
                return null;

            default:
                return null;
        }
    }

    private static string? CheckShape(RunbookInput input, string value, out string normalised)
    {
        normalised = value;
        if (value.Length > input.MaxLength)
        {
            return $"is {value.Length} characters long; at most {input.MaxLength} are allowed";
        }

        if (!SafeValue().IsMatch(value))
        {
            return $"contains characters that are not allowed ('{Printable(FirstUnsafe(value))}'); values may use only {SafeCharacters}";
        }

        switch (input.Type)
        {
            case InputType.Device:
            case InputType.DeviceGroup:
                return null;

            case InputType.Enum:
                var match = input.Values.FirstOrDefault(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase));
                if (match is null)
                {
                    return $"must be one of {string.Join(", ", input.Values)}";
                }

                normalised = match;
                return null;

            case InputType.Integer:
                if (!StrictInteger().IsMatch(value) || !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    return "must be a whole number";
                }

                if ((input.Min is { } min && number < min) || (input.Max is { } max && number > max))
                {
                    return $"must be between {input.Min?.ToString(CultureInfo.InvariantCulture) ?? "-∞"} and {input.Max?.ToString(CultureInfo.InvariantCulture) ?? "∞"}";
                }

                normalised = number.ToString(CultureInfo.InvariantCulture);
                return null;

            case InputType.Ipv4:
                if (!StrictIpv4().IsMatch(value) || !IPAddress.TryParse(value, out _))
                {
                    return "must be an IPv4 address like 10.0.0.1";
                }

                return null;

            case InputType.Interface:
            case InputType.Token:
                var pattern = EffectivePattern(input);
                bool matches;
                try
                {
                    matches = Compiled(pattern).IsMatch(value);
                }
                catch (RegexMatchTimeoutException)
                {
                    return $"could not be checked against the allowed pattern {pattern} in time, so it is refused";
                }

                return matches ? null : $"does not match the allowed pattern {pattern}";

            default:
                return $"has an unsupported type {input.Type}";
        }
    }

    private static string EffectivePattern(RunbookInput input) =>
        input.Pattern ?? (input.Type == InputType.Interface ? DefaultInterfacePattern : DefaultTokenPattern);

    /// <summary>A dotted quad, each part 0-255 without leading zeros (so 010.1.1.1, 10.1 and 1.2.3.4.5 are refused).</summary>
    public const string Ipv4Pattern = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}";

    /// <summary>An optional minus and digits; a plus sign is outside <see cref="SafeCharacters"/>.</summary>
    public const string IntegerPattern = "-?[0-9]+";

    public const string DefaultInterfacePattern = "[A-Za-z][A-Za-z-]{0,24}[0-9]+(/[0-9]+){0,3}(\\.[0-9]{1,4})?";

    public const string DefaultTokenPattern = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";

    private static Regex Compiled(string pattern) => Patterns.GetOrAdd(pattern, static p =>
    {
        try
        {
            return new Regex(Anchor(p), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, RegexTimeout);
        }
        catch (NotSupportedException)
        {
            // Look-arounds and backreferences need the backtracking engine; the timeout bounds it.
            return new Regex(Anchor(p), RegexOptions.CultureInvariant, RegexTimeout);
        }
    });

    // \z, not $: in .NET '$' also matches before a trailing newline, which would let "eth0\n" through.
    private static string Anchor(string pattern) => "^(?:" + Unanchored(pattern) + ")\\z";

    private static string Unanchored(string pattern) => pattern.TrimStart('^').TrimEnd('$');

    private static string FirstUnsafe(string value)
    {
        foreach (var rune in value.EnumerateRunes())
        {
            if (!SafeValue().IsMatch(rune.ToString()))
            {
                return rune.ToString();
            }
        }

        return value;
    }

    /// <summary>Renders control and invisible characters visibly, for error messages.</summary>
    public static string Printable(string value)
    {
        var builder = new System.Text.StringBuilder(Math.Min(value.Length, 40));
        foreach (var rune in value.EnumerateRunes())
        {
            if (builder.Length >= 40)
            {
                builder.Append('…');
                break;
            }

            if (rune.Value is >= 0x20 and < 0x7F)
            {
                builder.Append((char)rune.Value);
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"U+{rune.Value:X4}");
            }
        }

        return builder.ToString();
    }

    [GeneratedRegex("^[A-Za-z0-9_./:-]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SafeValue();

    /// <summary>Something meant as an interface name, perhaps misspelt or with a blank (<c>Gx 1/0/5</c>).</summary>
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_./: -]{0,63}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex InterfaceLike();

    [GeneratedRegex("^(?:" + Ipv4Pattern + ")\\z", RegexOptions.CultureInvariant)]
    private static partial Regex StrictIpv4();

    [GeneratedRegex("^(?:" + IntegerPattern + ")\\z", RegexOptions.CultureInvariant)]
    private static partial Regex StrictInteger();
}
