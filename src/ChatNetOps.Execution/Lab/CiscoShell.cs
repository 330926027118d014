namespace ChatNetOps.Execution.Lab;

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

/// <summary>
/// What IOS and NX-OS share: exec and configuration modes (<c>configure terminal</c>, <c>interface X</c>,
/// <c>shutdown</c>, <c>no shutdown</c>, <c>exit</c>, <c>end</c>, <c>do</c>), abbreviated interface names, output
/// modifiers (<c>| include/exclude/begin/section/count</c>) and the '^' marker under the word that failed to parse.
/// </summary>
internal abstract partial class CiscoShell(LabDevice device, TimeProvider time, TimeSpan ospfRecovery)
    : LabShell(device, time, ospfRecovery)
{
    private ConfigMode _mode;
    private LabInterface? _interface;

    private enum ConfigMode
    {
        Exec,
        Config,
        Interface,
    }

    public override string Prompt => _mode switch
    {
        ConfigMode.Config => $"{Device.Name}(config)#",
        ConfigMode.Interface => $"{Device.Name}(config-if)#",
        _ => $"{Device.Name}#",
    } + PromptSpacer;

    /// <summary>IOS prints nothing after '#'; NX-OS prints a space.</summary>
    protected abstract string PromptSpacer { get; }

    /// <summary>Canonical interface type names, e.g. GigabitEthernet, Ethernet, loopback.</summary>
    protected abstract IReadOnlyList<string> InterfaceTypes { get; }

    /// <summary>The message under the '^' marker for a command the parser rejects.</summary>
    protected abstract string InvalidInputMessage { get; }

    /// <summary>The message for a well-formed name of an interface the device does not have.</summary>
    protected abstract string NoSuchInterfaceMessage { get; }

    protected abstract IEnumerable<CliCommand> ExecCommands(CliLine line);

    protected override CommandOutcome Run(string command)
    {
        var pipe = command.IndexOf('|', StringComparison.Ordinal);
        var line = new CliLine(pipe < 0 ? command : command[..pipe].TrimEnd());
        if (line.Words.Count == 0)
        {
            return CommandOutcome.Ok(string.Empty);
        }

        var prompt = Prompt;
        var outcome = _mode == ConfigMode.Exec ? RunExec(line, prompt) : RunConfig(line, prompt);
        if (pipe < 0 || !outcome.Succeeded)
        {
            return outcome;
        }

        return ApplyModifiers(outcome.Output, command, pipe, prompt);
    }

    protected CommandOutcome Invalid(CliLine line, int wordIndex, string prompt, string? message = null) =>
        CommandOutcome.Fail($"{new string(' ', prompt.Length + line.OffsetOf(wordIndex))}^\n{message ?? InvalidInputMessage}\n", 1);

    /// <summary>Resolves an abbreviated interface name (<c>Gi1/0/1</c>, <c>eth 1/5</c>) to one of the device's interfaces.</summary>
    protected LabInterface? ResolveInterface(string text, out bool wellFormed)
    {
        var match = InterfaceName().Match(text.Trim());
        wellFormed = false;
        if (!match.Success)
        {
            return null;
        }

        var typed = match.Groups["type"].Value;
        var type = InterfaceTypes.FirstOrDefault(t => t.StartsWith(typed, StringComparison.OrdinalIgnoreCase));
        if (type is null)
        {
            return null;
        }

        wellFormed = true;
        return Device.FindInterface(type + match.Groups["num"].Value);
    }

    /// <summary>Runs <paramref name="handler"/> for a resolvable interface, else the platform's error under the name.</summary>
    protected CommandOutcome WithInterface(CliLine line, int wordIndex, string name, string prompt, Func<LabInterface, CommandOutcome> handler)
    {
        var iface = ResolveInterface(name, out var wellFormed);
        if (iface is null)
        {
            return Invalid(line, wordIndex, prompt, wellFormed ? NoSuchInterfaceMessage : null);
        }

        return handler(iface);
    }

    protected static string Ago(TimeSpan span)
    {
        if (span < TimeSpan.FromDays(1))
        {
            return Clock(span);
        }

        return span < TimeSpan.FromDays(7) ? $"{span.Days}d{span.Hours:00}h" : $"{span.Days / 7}w{span.Days % 7}d";
    }

    protected static string Weeks(TimeSpan span)
    {
        var parts = new List<string>();
        if (span.Days >= 7)
        {
            parts.Add(Plural(span.Days / 7, "week"));
        }

        if (span.Days % 7 > 0)
        {
            parts.Add(Plural(span.Days % 7, "day"));
        }

        parts.Add(Plural(span.Hours, "hour"));
        parts.Add(Plural(span.Minutes, "minute"));
        return string.Join(", ", parts);
    }

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";

    private CommandOutcome RunExec(CliLine line, string prompt)
    {
        CliCommand[] common =
        [
            new("configure terminal", _ =>
            {
                _mode = ConfigMode.Config;
                return CommandOutcome.Ok("Enter configuration commands, one per line.  End with CNTL/Z.\n");
            }),
            new("terminal length <n>", _ => CommandOutcome.Ok(string.Empty)),
            new("terminal width <n>", _ => CommandOutcome.Ok(string.Empty)),
        ];

        return CliCommand.Dispatch(line, common.Concat(ExecCommands(line)), out var matched) ?? Invalid(line, matched, prompt);
    }

    private CommandOutcome RunConfig(CliLine line, string prompt)
    {
        var commands = new List<CliCommand>
        {
            new("end", _ => Leave(ConfigMode.Exec)),
            new("exit", _ => Leave(_mode == ConfigMode.Interface ? ConfigMode.Config : ConfigMode.Exec)),
            new("do <command...>", c => RunExec(new CliLine(c["command"]), prompt)),
            new("interface <name...>", c => WithInterface(line, 1, c["name"], prompt, iface =>
            {
                _mode = ConfigMode.Interface;
                _interface = iface;
                return CommandOutcome.Ok(string.Empty);
            })),
        };

        if (_mode == ConfigMode.Interface && _interface is { } current)
        {
            commands.Add(new("shutdown", _ => SetAdmin(current, up: false)));
            commands.Add(new("no shutdown", _ => SetAdmin(current, up: true)));
            commands.Add(new("description <text...>", _ => CommandOutcome.Ok(string.Empty)));
        }

        return CliCommand.Dispatch(line, commands, out var matched) ?? Invalid(line, matched, prompt);
    }

    private CommandOutcome Leave(ConfigMode mode)
    {
        _mode = mode;
        if (mode != ConfigMode.Interface)
        {
            _interface = null;
        }

        return CommandOutcome.Ok(string.Empty);
    }

    private CommandOutcome SetAdmin(LabInterface iface, bool up)
    {
        Device.SetAdmin(iface, up, Now, OspfRecovery);
        return CommandOutcome.Ok(string.Empty);
    }

    private CommandOutcome ApplyModifiers(string output, string command, int pipe, string prompt)
    {
        var lines = output.Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        foreach (var modifier in command[(pipe + 1)..].Split('|'))
        {
            var m = Modifier().Match(modifier.Trim());
            var kind = m.Success ? m.Groups["kind"].Value.ToLowerInvariant() : string.Empty;
            Regex? pattern = null;
            try
            {
                pattern = m.Success && m.Groups["pattern"].Success ? new Regex(m.Groups["pattern"].Value, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)) : null;
            }
            catch (ArgumentException)
            {
                kind = string.Empty;
            }

            switch (kind)
            {
                case var k when pattern is not null && IsModifier(k, "include"):
                    lines = lines.Where(l => pattern.IsMatch(l)).ToList();
                    break;
                case var k when pattern is not null && IsModifier(k, "exclude"):
                    lines = lines.Where(l => !pattern.IsMatch(l)).ToList();
                    break;
                case var k when pattern is not null && (IsModifier(k, "begin") || IsModifier(k, "section")):
                    lines = lines.SkipWhile(l => !pattern.IsMatch(l)).ToList();
                    break;
                case var k when pattern is null && IsModifier(k, "count"):
                    lines = [$"Number of lines which match regexp = {lines.Count}"];
                    break;
                default:
                    return CommandOutcome.Fail($"{new string(' ', prompt.Length + pipe + 2)}^\n{InvalidInputMessage}\n", 1);
            }
        }

        var text = new StringBuilder();
        foreach (var l in lines)
        {
            text.Append(l).Append('\n');
        }

        return CommandOutcome.Ok(text.ToString());
    }

    /// <summary>Output modifiers may be abbreviated to one letter (<c>| i OSPF</c>).</summary>
    private static bool IsModifier(string typed, string modifier) =>
        typed.Length > 0 && modifier.StartsWith(typed, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^(?<type>[A-Za-z][A-Za-z-]*)\s*(?<num>[0-9]+(?:/[0-9]+)*(?:\.[0-9]+)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex InterfaceName();

    [GeneratedRegex(@"^(?<kind>[a-z]+)(?:\s+(?<pattern>.+))?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Modifier();
}
