namespace ChatNetOps.Conversation.Commands;

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ChatNetOps.Core.Inventory;

/// <summary>
/// The command grammar, the same on every channel. Never throws on user input: anything it cannot understand
/// becomes <see cref="ParsedCommand.Invalid"/> with a message that says what was wrong and the nearest known name.
/// </summary>
public sealed partial class CommandParser(InventoryCatalog catalog)
{
    private readonly RawCommands _raw = new(catalog);

    /// <summary>Longest command line accepted (characters, after mention stripping).</summary>
    public const int MaxLength = 4000;

    private const int MaxIdLength = 40;

    /// <summary>The start of the answer to a rejection without a reason (typed or pressed): the reason is recorded and shown.</summary>
    internal const string RejectNeedsReason = "a rejection needs a reason, recorded in the audit trail and shown on the card:";

    /// <summary>The verbs of the grammar, for help and "did you mean".</summary>
    public static IReadOnlyList<string> Verbs { get; } =
        ["help", "runbooks", "devices", "run", "status", "locks", "notify", "cancel", "approve", "reject", "incident", "timeline", "report", "change"];

    public ParsedCommand Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new ParsedCommand.Invalid("empty message; type 'help' to see what you can do here");
        }

        if (text.Length > MaxLength * 4)
        {
            return TooLong(text.Length);
        }

        var line = StripMentions(text);
        if (line.Length > MaxLength)
        {
            return TooLong(line.Length);
        }

        var control = FindControl(line);
        if (control >= 0)
        {
            var value = Rune.TryGetRuneAt(line, control, out var rune) ? rune.Value : line[control];
            return new ParsedCommand.Invalid(string.Create(CultureInfo.InvariantCulture,
                $"the message contains a control or invisible character (U+{value:X4}) at position {control + 1}; type commands as plain text"));
        }

        if (string.IsNullOrWhiteSpace(line))
        {
            return new ParsedCommand.Invalid("empty message; type 'help' to see what you can do here");
        }

        var trimmed = line.Trim();
        var firstSpace = trimmed.IndexOfAny([' ', '\t', '\r', '\n']);
        var verb = (firstSpace < 0 ? trimmed : trimmed[..firstSpace]).ToLowerInvariant();
        if (verb == "reject")
        {
            return ParseReject(firstSpace < 0 ? string.Empty : trimmed[(firstSpace + 1)..]);
        }

        if (RawLine(trimmed, verb, firstSpace) is { } raw)
        {
            return raw;
        }

        var tokens = Tokenizer.Tokenize(trimmed, out var error);
        if (tokens is null)
        {
            return new ParsedCommand.Invalid(error!);
        }

        var args = tokens.Skip(1).ToArray();
        var first = tokens[0];
        return first.IsKeyValue ? Unknown(first.Text) : first.Text.ToLowerInvariant() switch
        {
            "help" or "?" => Help(args),
            "runbooks" => NoArgs(args, "runbooks", new ParsedCommand.Runbooks()),
            "devices" => Devices(args),
            "run" => args.Length == 0 || args[0].IsKeyValue
                ? new ParsedCommand.Invalid("run needs a runbook: run RUNBOOK device=DEVICE [name=value …]; 'runbooks' lists them")
                : Run(args[0].Text, args[1..]),
            "status" => Status(args),
            "locks" => NoArgs(args, "locks", new ParsedCommand.Locks()),
            "notify" => Notify(args),
            "cancel" => Id(args, "cancel", id => new ParsedCommand.Cancel(id)),
            "approve" => Id(args, "approve", id => new ParsedCommand.Approve(id)),
            "incident" => Incident(args),
            "timeline" => Timeline(args),
            "report" => Report(args),
            "change" => Change(args),
            var word when catalog.FindRunbook(word) is not null => Run(word, args),
            _ => Unknown(first.Text),
        };
    }

    /// <summary>
    /// A raw CLI line (<c>show ip ospf neighbor</c>, <c>run show run</c>, <c>conf t</c>): never a command of ours or a
    /// runbook's name, and never run; the answer names the runbook that does it.
    /// </summary>
    private ParsedCommand.Invalid? RawLine(string line, string verb, int firstSpace)
    {
        if (verb == "run" && firstSpace > 0)
        {
            var rest = line[(firstSpace + 1)..].TrimStart();
            var next = rest.Split([' ', '\t', '\r', '\n', '='], 2)[0];
            if (catalog.FindRunbook(next) is not null)
            {
                return null;
            }
        }
        else if (Verbs.Contains(verb) || verb == "?" || catalog.FindRunbook(verb) is not null)
        {
            return null;
        }

        return _raw.Hint(line, Verbs.Concat(catalog.Runbooks.Select(r => r.Name))) is { } hint ? new ParsedCommand.Invalid(hint) { Reason = "RawCommand" } : null;
    }

    /// <summary>Removes leading Teams <c>&lt;at&gt;Bot&lt;/at&gt;</c>, Slack <c>&lt;@U123&gt;</c> and <c>@bot</c> mentions.</summary>
    public static string StripMentions(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = text.Replace("&nbsp;", " ", StringComparison.OrdinalIgnoreCase).TrimStart();
        while (true)
        {
            var match = LeadingMention().Match(line);
            if (!match.Success || match.Length == 0)
            {
                return line;
            }

            line = line[match.Length..].TrimStart();
        }
    }

    private ParsedCommand.Invalid Unknown(string word)
    {
        var near = Suggestions.Nearest(word, Verbs.Concat(catalog.Runbooks.Select(r => r.Name)));
        return new ParsedCommand.Invalid(Hint($"unknown command '{InputValidator.Printable(word)}'", near, "Type 'help' for the commands you can use here."));
    }

    private static ParsedCommand Report(Token[] args) => args switch
    {
        [] => new ParsedCommand.Report(7),
        [{ IsKeyValue: false } only] when only.Text.Equals("7d", StringComparison.OrdinalIgnoreCase) => new ParsedCommand.Report(7),
        [{ IsKeyValue: false } only] when only.Text.Equals("30d", StringComparison.OrdinalIgnoreCase) => new ParsedCommand.Report(30),
        _ => new ParsedCommand.Invalid("report covers the last 7 or 30 days: report [7d|30d]; for another window use chatnetops report --since … on the bot host"),
    };

    private ParsedCommand Help(Token[] args)
    {
        if (args.Length == 0)
        {
            return new ParsedCommand.Help(null);
        }

        if (args.Length > 1 || args[0].IsKeyValue)
        {
            return new ParsedCommand.Invalid("help takes at most one runbook name: help [runbook]");
        }

        var runbook = catalog.FindRunbook(args[0].Text);
        if (runbook is not null)
        {
            return new ParsedCommand.Help(runbook.Name);
        }

        return Verbs.Contains(args[0].Text.ToLowerInvariant()) ? new ParsedCommand.Help(null) : UnknownRunbook(args[0].Text);
    }

    private ParsedCommand Devices(Token[] args)
    {
        if (args.Length == 0)
        {
            return new ParsedCommand.Devices(null);
        }

        var word = args[0].IsKeyValue && string.Equals(args[0].Key, "group", StringComparison.OrdinalIgnoreCase) ? args[0].Value! : args[0].Text;
        if (args.Length > 1 || (args[0].IsKeyValue && !string.Equals(args[0].Key, "group", StringComparison.OrdinalIgnoreCase)))
        {
            return new ParsedCommand.Invalid("devices takes at most one group: devices [group]");
        }

        var group = catalog.Groups.FirstOrDefault(g => string.Equals(g, word, StringComparison.OrdinalIgnoreCase));
        return group is not null
            ? new ParsedCommand.Devices(group)
            : new ParsedCommand.Invalid(UnknownGroup(word));
    }

    private ParsedCommand Run(string runbookName, Token[] args)
    {
        var runbook = catalog.FindRunbook(runbookName);
        if (runbook is null)
        {
            return UnknownRunbook(runbookName);
        }

        var inputs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? incident = null;
        foreach (var arg in args)
        {
            string key;
            string value;
            if (arg.IsKeyValue)
            {
                key = arg.Key!;
                value = arg.Value!;
            }
            else if (runbook.Inputs.FirstOrDefault(i => i.Type == InputType.Device) is { } deviceInput && !inputs.ContainsKey(deviceInput.Name))
            {
                // "run verify-ospf dist-sw-01": one bare word is the device.
                key = deviceInput.Name;
                value = arg.Text;
            }
            else
            {
                return new ParsedCommand.Invalid($"'{InputValidator.Printable(arg.Text)}' is not a name=value pair; {runbook.Name} takes {Describe(runbook)}");
            }

            if (string.Equals(key, "incident", StringComparison.OrdinalIgnoreCase) && runbook.FindInput(key) is null)
            {
                if (incident is not null)
                {
                    return new ParsedCommand.Invalid("incident is given twice");
                }

                incident = value;
                continue;
            }

            var input = runbook.FindInput(key);
            if (input is null)
            {
                var near = Suggestions.Nearest(key, runbook.Inputs.Select(i => i.Name).Append("incident"));
                return new ParsedCommand.Invalid(Hint($"unknown input '{InputValidator.Printable(key)}' for {runbook.Name}", near, $"It takes {Describe(runbook)}."));
            }

            if (!inputs.TryAdd(input.Name, value))
            {
                return new ParsedCommand.Invalid($"{input.Name} is given twice");
            }

            var problem = CheckName(runbook, input, value);
            if (problem is not null)
            {
                // A known device or group outside the runbook's scope was understood, only not allowed: reports keep it
                // out of the phrases that were not understood.
                var known = catalog.FindDevice(value) is not null || catalog.Groups.Contains(value, StringComparer.OrdinalIgnoreCase);
                return new ParsedCommand.Invalid(problem) { Reason = known ? "OutOfScope" : "InvalidCommand" };
            }
        }

        return new ParsedCommand.Run(runbook.Name, inputs, incident);
    }

    private string? CheckName(Runbook runbook, RunbookInput input, string value)
    {
        if (value.Length == 0 || value.Length > 64)
        {
            return null;
        }

        var group = catalog.Groups.FirstOrDefault(g => string.Equals(g, value, StringComparison.OrdinalIgnoreCase));
        var device = catalog.FindDevice(value);
        return input.Type switch
        {
            InputType.Device when device is null && group is not null => GroupForDevice(runbook, input, group),
            InputType.Device when device is null =>
                Hint($"unknown device '{InputValidator.Printable(value)}'", Suggestions.Nearest(value, catalog.Devices.Select(d => d.Name)), "'devices' lists them."),
            InputType.Device when !runbook.Targets(device) => OutOfScope(runbook, device),
            InputType.DeviceGroup when group is null && device is not null => DeviceForGroup(runbook, input, device),
            InputType.DeviceGroup when group is null => UnknownGroup(value),
            InputType.DeviceGroup when runbook.DeviceGroups.Count > 0 && !runbook.DeviceGroups.Contains(group, StringComparer.OrdinalIgnoreCase) =>
                $"{runbook.Name} does not target the group {group}: it targets {string.Join(", ", runbook.DeviceGroups)}",
            _ => null,
        };
    }

    /// <summary>A group named where one device is expected: the runbook that takes the group, else the group's devices.</summary>
    private string GroupForDevice(Runbook runbook, RunbookInput input, string group)
    {
        var other = RunbookRelations.Counterpart(catalog, runbook);
        var groupInput = other?.Inputs.First(i => i.Type == InputType.DeviceGroup).Name;
        return other is not null
            ? $"{group} is a device group, and {runbook.Name} takes one device ({input.Name}=…); for the whole group run {other.Name} {groupInput}={group}"
            : $"{group} is a device group, and {runbook.Name} takes one device ({input.Name}=…); 'devices {group}' lists its devices";
    }

    /// <summary>A device named where a group is expected: the runbook that takes one device, else the device's groups.</summary>
    private string DeviceForGroup(Runbook runbook, RunbookInput input, Device device)
    {
        var other = RunbookRelations.Counterpart(catalog, runbook);
        var deviceInput = other?.Inputs.First(i => i.Type == InputType.Device).Name;
        return other is not null
            ? $"{device.Name} is a device, and {runbook.Name} takes a device group ({input.Name}=…); for one device run {other.Name} {deviceInput}={device.Name}"
            : $"{device.Name} is a device, and {runbook.Name} takes a device group ({input.Name}=…); {device.Name} is in {string.Join(", ", device.Groups)}";
    }

    /// <summary>A device the runbook does not target: the real reason (its platform or its groups) and what it does target.</summary>
    private string OutOfScope(Runbook runbook, Device device)
    {
        var platforms = string.Join(", ", runbook.Platforms.Select(p => p.ToName()));
        var groups = string.Join(", ", runbook.DeviceGroups);
        var reason = $"{device.Name} is outside the scope of {runbook.Name}: " + (runbook.Platforms.Contains(device.Platform)
            ? $"it is in {string.Join(", ", device.Groups)}, and {runbook.Name} targets only {groups}"
            : $"it is {device.Platform.ToName()}, and {runbook.Name} runs only on {platforms}" + (groups.Length == 0 ? string.Empty : $" in {groups}"));
        var targets = catalog.Devices.Where(runbook.Targets).Select(d => d.Name).Order(StringComparer.OrdinalIgnoreCase).ToArray();
        var listed = targets.Length == 0
            ? "no device in the inventory is in its scope"
            : $"it runs on {string.Join(", ", targets.Take(5))}" + (targets.Length > 5 ? $" and {targets.Length - 5} more ('devices' lists them)" : string.Empty);
        return $"{reason}; {listed}";
    }

    private ParsedCommand.Invalid UnknownRunbook(string name)
    {
        var near = Suggestions.Nearest(name, catalog.Runbooks.Select(r => r.Name));
        return new ParsedCommand.Invalid(Hint($"unknown runbook '{InputValidator.Printable(name)}'", near, near is null ? "'runbooks' lists them." : null));
    }

    private string UnknownGroup(string name) =>
        Hint($"unknown device group '{InputValidator.Printable(name)}'", Suggestions.Nearest(name, catalog.Groups),
            $"Groups: {string.Join(", ", catalog.Groups.Order(StringComparer.OrdinalIgnoreCase))}.");

    /// <summary>"message; did you mean x? tail" or "message. tail".</summary>
    private static string Hint(string message, string? near, string? tail) =>
        message + (near is null ? (tail is null ? string.Empty : ". " + tail) : $"; did you mean {near}?" + (tail is null ? string.Empty : " " + tail));

    private static ParsedCommand Status(Token[] args)
    {
        var json = args.Any(a => a.Text is "--json" or "json" or "-j");
        var rest = args.Where(a => a.Text is not ("--json" or "json" or "-j")).ToArray();
        if (rest.Length == 0 && !json)
        {
            return new ParsedCommand.Status(null, false);
        }

        return Id(rest, "status", id => new ParsedCommand.Status(id, json), "status [REQUEST-ID [--json]]");
    }

    /// <summary><c>notify R-…</c> (a request that holds a lock) or <c>notify DEVICE</c> (whatever lock the device has now).</summary>
    private ParsedCommand Notify(Token[] args)
    {
        const string usage = "notify REQUEST-ID or notify DEVICE: you are told once when that lock is released";
        if (args.Length != 1 || args[0].IsKeyValue)
        {
            return new ParsedCommand.Invalid("notify needs one request id or device: " + usage);
        }

        var word = args[0].Text.Trim();
        if (catalog.FindDevice(word) is { } device)
        {
            return new ParsedCommand.Notify(device.Name);
        }

        return IsPlausibleId(word)
            ? new ParsedCommand.Notify(word.ToUpperInvariant())
            : new ParsedCommand.Invalid($"'{InputValidator.Printable(word)}' is neither a device nor a request id: {usage}");
    }

    private static ParsedCommand Id(Token[] args, string verb, Func<string, ParsedCommand> make, string? usage = null)
    {
        usage ??= verb + " REQUEST-ID";
        if (args.Length != 1 || args[0].IsKeyValue)
        {
            return new ParsedCommand.Invalid($"{verb} needs exactly one request id: {usage}");
        }

        var id = args[0].Text.Trim();
        return IsPlausibleId(id)
            ? make(id.ToUpperInvariant())
            : new ParsedCommand.Invalid($"'{InputValidator.Printable(id)}' is not a request id (they look like R-7K2M9QXA): {usage}");
    }

    private static ParsedCommand ParseReject(string rest)
    {
        var trimmed = rest.Trim();
        var space = trimmed.IndexOfAny([' ', '\t', '\r', '\n']);
        var id = space < 0 ? trimmed : trimmed[..space];
        if (id.Length == 0 || !IsPlausibleId(id))
        {
            return new ParsedCommand.Invalid(id.Length == 0
                ? "reject needs a request id and a reason: reject REQUEST-ID REASON"
                : $"'{InputValidator.Printable(id)}' is not a request id (they look like R-7K2M9QXA): reject REQUEST-ID REASON");
        }

        var reason = space < 0 ? null : trimmed[(space + 1)..].Trim();
        if (reason is { Length: >= 2 } && ((reason[0] == '"' && reason[^1] == '"') || (reason[0] == '\'' && reason[^1] == '\'')))
        {
            reason = reason[1..^1].Trim();
        }

        if (reason is { Length: > 500 })
        {
            return new ParsedCommand.Invalid($"the reason is {reason.Length} characters long; at most 500 are kept");
        }

        return string.IsNullOrWhiteSpace(reason)
            ? new ParsedCommand.Invalid($"{RejectNeedsReason} reject {id.ToUpperInvariant()} REASON")
            : new ParsedCommand.Reject(id.ToUpperInvariant(), reason);
    }

    private static ParsedCommand Incident(Token[] args)
    {
        const string Usage = "incident open INC-1234 \"title\" [sev=N] | incident close \"resolution\" | incident show [INC-1234] | incident severity INC-1234 N | incident attach R-…";
        if (args.Length == 0)
        {
            return new ParsedCommand.IncidentShow(null);
        }

        var sub = args[0].Text.ToLowerInvariant();
        switch (sub)
        {
            case "open":
                return IncidentOpen(args[1..], Usage);
            case "close":
                return args.Length switch
                {
                    1 => new ParsedCommand.IncidentClose(),
                    2 when IncidentId().IsMatch(args[1].Text) => new ParsedCommand.IncidentClose(null, args[1].Text.ToUpperInvariant()),
                    2 => new ParsedCommand.IncidentClose(args[1].Text),
                    3 when IncidentId().IsMatch(args[1].Text) => new ParsedCommand.IncidentClose(args[2].Text, args[1].Text.ToUpperInvariant()),
                    _ => new ParsedCommand.Invalid("usage: incident close [INC-1234] \"what resolved it\" (quote the resolution note); it closes the incident this conversation is bound to (name it when there are several)"),
                };
            case "severity":
                return args.Length == 3 && IncidentId().IsMatch(args[1].Text) && args[2].Text is [>= '1' and <= '5']
                    ? new ParsedCommand.IncidentSeverity(args[1].Text.ToUpperInvariant(), args[2].Text[0] - '0')
                    : new ParsedCommand.Invalid("usage: incident severity INC-1234 N (N from 1, highest, to 5); a confirmer must confirm it");
            case "attach":
                return args.Length == 2 && args[1].Text.Length is > 2 and <= 40 && args[1].Text.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
                    ? new ParsedCommand.IncidentAttach(args[1].Text.ToUpperInvariant())
                    : new ParsedCommand.Invalid("usage: incident attach REQUEST-ID (a finished read-only run, attached to this conversation's incident)");
            case "show":
                return args.Length switch
                {
                    1 => new ParsedCommand.IncidentShow(null),
                    2 when IncidentId().IsMatch(args[1].Text) => new ParsedCommand.IncidentShow(args[1].Text.ToUpperInvariant()),
                    _ => new ParsedCommand.Invalid($"usage: {Usage}"),
                };
            default:
                if (args.Length == 1 && IncidentId().IsMatch(args[0].Text))
                {
                    return new ParsedCommand.IncidentShow(args[0].Text.ToUpperInvariant());
                }

                return new ParsedCommand.Invalid(Hint($"unknown incident command '{InputValidator.Printable(args[0].Text)}'", Suggestions.Nearest(sub, ["open", "close", "show", "severity", "attach"]), $"Usage: {Usage}"));
        }
    }

    private static ParsedCommand IncidentOpen(Token[] args, string usage)
    {
        if (args.Length == 0 || args[0].IsKeyValue)
        {
            return new ParsedCommand.Invalid($"incident open needs an incident id and a title: {usage}");
        }

        var id = args[0].Text;
        if (!IncidentId().IsMatch(id))
        {
            return new ParsedCommand.Invalid($"'{InputValidator.Printable(id)}' is not an incident id; use a form like INC-1234");
        }

        int? severity = null;
        var title = new List<string>();
        foreach (var arg in args[1..])
        {
            if (arg.IsKeyValue && arg.Key!.ToLowerInvariant() is "sev" or "severity")
            {
                if (!int.TryParse(arg.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var sev) || sev is < 1 or > 5)
                {
                    return new ParsedCommand.Invalid($"severity must be a number from 1 (highest) to 5, not '{InputValidator.Printable(arg.Value!)}'");
                }

                severity = sev;
            }
            else if (arg.IsKeyValue && arg.Key!.Equals("title", StringComparison.OrdinalIgnoreCase))
            {
                title.Add(arg.Value!);
            }
            else
            {
                title.Add(arg.Text);
            }
        }

        var joined = string.Join(' ', title).Trim();
        if (joined.Length == 0)
        {
            return new ParsedCommand.Invalid($"incident open needs a title: incident open {id.ToUpperInvariant()} \"what is happening\" [sev=N]");
        }

        return joined.Length > 200
            ? new ParsedCommand.Invalid($"the title is {joined.Length} characters long; at most 200 are allowed")
            : new ParsedCommand.IncidentOpen(id.ToUpperInvariant(), joined, severity);
    }

    private static ParsedCommand Change(Token[] args)
    {
        const string Usage = "change open CHG-3001 \"summary\" start=… end=… devices=a,b|group=NAME | change close [CHG-3001] | change show [CHG-3001] | change list";
        var sub = args.Length == 0 || args[0].IsKeyValue ? string.Empty : args[0].Text.ToLowerInvariant();
        switch (sub)
        {
            case "open":
                return ChangeOpen(args[1..], Usage);
            case "close" or "show":
                if (args.Length > 2 || (args.Length == 2 && (args[1].IsKeyValue || !ChangeId().IsMatch(args[1].Text))))
                {
                    return new ParsedCommand.Invalid($"usage: change {sub} [CHG-3001] (without an id: the window this conversation is bound to)");
                }

                var id = args.Length == 2 ? args[1].Text.ToUpperInvariant() : null;
                return sub == "close" ? new ParsedCommand.ChangeClose(id) : new ParsedCommand.ChangeShow(id);
            case "list":
                return NoArgs(args[1..], "change list", new ParsedCommand.ChangeList());
            default:
                return new ParsedCommand.Invalid(Hint(sub.Length == 0 ? "change needs a subcommand" : $"unknown change command '{InputValidator.Printable(args[0].Text)}'",
                    Suggestions.Nearest(sub, ["open", "close", "show", "list"]), $"Usage: {Usage}"));
        }
    }

    private static ParsedCommand ChangeOpen(Token[] args, string usage)
    {
        if (args.Length == 0 || args[0].IsKeyValue)
        {
            return new ParsedCommand.Invalid($"change open needs a change id (or 'new'), a summary, start=, end= and devices= or group=: {usage}");
        }

        var id = args[0].Text;
        if (!string.Equals(id, "new", StringComparison.OrdinalIgnoreCase) && !ChangeId().IsMatch(id))
        {
            return new ParsedCommand.Invalid($"'{InputValidator.Printable(id)}' is not a change id; use a form like CHG-2001, a ticket number like CHG0031234, or 'new'");
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var summary = new List<string>();
        foreach (var arg in args[1..])
        {
            if (!arg.IsKeyValue)
            {
                summary.Add(arg.Text);
                continue;
            }

            var key = arg.Key!.ToLowerInvariant();
            if (key is not ("start" or "end" or "devices" or "device" or "group" or "type" or "template" or "summary"))
            {
                return new ParsedCommand.Invalid(Hint($"change open takes no '{InputValidator.Printable(arg.Key!)}'", Suggestions.Nearest(key, ["start", "end", "devices", "group", "type", "template"]), $"Usage: {usage}"));
            }

            key = key == "device" ? "devices" : key;
            if (key == "summary")
            {
                summary.Add(arg.Value!);
            }
            else if (!values.TryAdd(key, arg.Value!))
            {
                return new ParsedCommand.Invalid($"{key} is given twice");
            }
        }

        var joined = string.Join(' ', summary).Trim();
        if (joined.Length is 0 or > 200)
        {
            return new ParsedCommand.Invalid(joined.Length == 0
                ? $"change open needs a summary in quotes: change open {id.ToUpperInvariant()} \"what the change does\" start=… end=…"
                : $"the summary is {joined.Length} characters long; at most 200 are allowed");
        }

        if (!values.TryGetValue("start", out var start) || !values.TryGetValue("end", out var end))
        {
            return new ParsedCommand.Invalid("change open needs start= and end= (e.g. start=2026-11-23T22:00Z end=2026-11-23T23:30Z, or start=now end=+2h)");
        }

        var devices = values.TryGetValue("devices", out var list)
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        var group = values.GetValueOrDefault("group");
        if ((devices.Length == 0) == (group is null))
        {
            return new ParsedCommand.Invalid("name the window's scope with exactly one of devices=a,b or group=NAME");
        }

        return new ParsedCommand.ChangeOpen(string.Equals(id, "new", StringComparison.OrdinalIgnoreCase) ? "new" : id.ToUpperInvariant(), joined, start, end, devices, group,
            values.GetValueOrDefault("type")?.ToLowerInvariant(), values.GetValueOrDefault("template"));
    }

    private static ParsedCommand Timeline(Token[] args)
    {
        const string Usage = "usage: timeline [INC-1234] [page N] (without an id: the incident this conversation is bound to)";
        string? id = null;
        var rest = args;
        if (rest.Length > 0 && !rest[0].IsKeyValue && IncidentId().IsMatch(rest[0].Text))
        {
            id = rest[0].Text.ToUpperInvariant();
            rest = rest[1..];
        }

        var page = 1;
        switch (rest.Length)
        {
            case 0:
                break;
            case 1 when rest[0].IsKeyValue && string.Equals(rest[0].Key, "page", StringComparison.OrdinalIgnoreCase) && PageNumber(rest[0].Value!) is { } p:
                page = p;
                break;
            case 2 when !rest[0].IsKeyValue && string.Equals(rest[0].Text, "page", StringComparison.OrdinalIgnoreCase) && PageNumber(rest[1].Text) is { } p:
                page = p;
                break;
            default:
                return new ParsedCommand.Invalid(Usage);
        }

        return new ParsedCommand.Timeline(id, page);
    }

    private static int? PageNumber(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page is >= 1 and <= 10_000 ? page : null;

    private static ParsedCommand NoArgs(Token[] args, string verb, ParsedCommand command) =>
        args.Length == 0 ? command : new ParsedCommand.Invalid($"{verb} takes no arguments");

    private static ParsedCommand.Invalid TooLong(int length) =>
        new ParsedCommand.Invalid(string.Create(CultureInfo.InvariantCulture, $"the message is {length} characters long; commands are at most {MaxLength} characters"));

    private static bool IsPlausibleId(string id) =>
        id.Length is > 0 and <= MaxIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Describe(Runbook runbook) =>
        runbook.Inputs.Count == 0
            ? "no inputs"
            : string.Join(", ", runbook.Inputs.Select(i => $"{i.Name}=<{i.Type.ToString().ToLowerInvariant()}>{(i.Required ? string.Empty : " (optional)")}"))
              + (runbook.RequiresIncident ? ", incident=<INC-…>" : string.Empty);

    /// <summary>Index of the first control, invisible formatting, private-use or broken surrogate character (tab, CR, LF allowed); -1 when none.</summary>
    private static int FindControl(string line)
    {
        var i = 0;
        while (i < line.Length)
        {
            if (Rune.DecodeFromUtf16(line.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return i;
            }

            if (rune.Value is not ('\t' or '\r' or '\n')
                && Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate)
            {
                return i;
            }

            i += consumed;
        }

        return -1;
    }

    [GeneratedRegex(@"\A(?:<at>[^<]{0,200}</at>|<@[A-Z0-9]{1,40}(?:\|[^>]{0,80})?>|@[A-Za-z0-9_.-]{1,64}(?=\s|\z))", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingMention();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{1,9}-[0-9]{1,10}$", RegexOptions.CultureInvariant)]
    private static partial Regex IncidentId();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{1,9}-?[0-9]{1,12}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChangeId();
}
