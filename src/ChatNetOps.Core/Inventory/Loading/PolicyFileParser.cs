namespace ChatNetOps.Core.Inventory.Loading;

using System.Globalization;
using ChatNetOps.Core.Policy;
using YamlDotNet.RepresentationModel;

/// <summary>Reads <c>policy.yaml</c>. Ids and references are case-insensitive.</summary>
internal static class PolicyFileParser
{
    public const string FileName = "policy.yaml";

    public static AccessPolicy? Parse(SourceFile file, LoadContext context)
    {
        var root = file.LoadRoot();
        if (root is null)
        {
            return null;
        }

        var top = new MappingReader(file, root, FileName, "roles", "members", "grants", "bindings");
        top.ReportUnknownKeys();
        var roles = ParseRoles(file, top.Sequence("roles", required: true), context);
        context.PolicyRead = top.Sequence("roles", false) is not null;
        var members = ParseMembers(file, top.Sequence("members", required: true), context);
        var grants = ParseGrants(file, top.Sequence("grants", required: true), context);
        var bindings = ParseBindings(file, top.Sequence("bindings", required: false));
        return new AccessPolicy(roles, members, grants, bindings);
    }

    private static IEnumerable<(MappingReader Reader, YamlMappingNode Node)> Items(SourceFile file, YamlSequenceNode? list, string what, params string[] keys)
    {
        foreach (var item in list?.Children ?? [])
        {
            if (item is YamlMappingNode mapping)
            {
                yield return (new MappingReader(file, mapping, what, keys), mapping);
            }
            else
            {
                file.Error(item, $"each {what} must be a mapping");
            }
        }
    }

    private static List<Role> ParseRoles(SourceFile file, YamlSequenceNode? list, LoadContext context)
    {
        var roles = new List<Role>();
        foreach (var (r, node) in Items(file, list, "role", "name", "description"))
        {
            var name = r.String("name", required: true);
            r.What = name is null ? "role" : $"role '{name}'";
            r.ReportUnknownKeys();
            var description = r.String("description", required: false) ?? string.Empty;
            if (name is null)
            {
                continue;
            }

            if (!Names.Identifier().IsMatch(name))
            {
                file.Error(r.Scalar("name", false)!, $"role name '{InputValidator.Printable(name)}' must use only {Names.IdentifierRule} characters");
            }
            else if (!context.RoleNames.Add(name))
            {
                file.Error(node, $"duplicate role '{name}'");
            }
            else
            {
                roles.Add(new Role(name, description));
            }
        }

        return roles;
    }

    private static List<Member> ParseMembers(SourceFile file, YamlSequenceNode? list, LoadContext context)
    {
        var members = new List<Member>();
        var ids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var identities = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (r, node) in Items(file, list, "member", "id", "display_name", "roles", "slack_user_id", "teams_aad_object_id", "email"))
        {
            var id = r.String("id", required: true);
            r.What = id is null ? "member" : $"member '{id}'";
            r.ReportUnknownKeys();
            var ok = id is not null;
            if (id is not null && !Names.Identifier().IsMatch(id))
            {
                file.Error(r.Scalar("id", false)!, $"member id '{InputValidator.Printable(id)}' must use only {Names.IdentifierRule} characters");
                ok = false;
            }
            else if (id is not null && !ids.TryAdd(id, id))
            {
                file.Error(node, $"duplicate member id '{id}'");
                ok = false;
            }

            var displayName = r.String("display_name", required: true);
            ok &= displayName is not null;
            var roles = new List<string>();
            foreach (var role in r.StringList("roles", required: true) ?? [])
            {
                if (!context.RoleNames.Contains(role.Value!))
                {
                    file.Error(role, $"{r.What} has unknown role '{role.Value}'; declare it under roles");
                    ok = false;
                }
                else
                {
                    roles.Add(role.Value!);
                }
            }

            var slack = Identity(file, r, "slack_user_id", "Slack user id", v => Names.SlackUserId().IsMatch(v), "must look like U012ABCDEF", identities, ref ok);
            var aad = Identity(file, r, "teams_aad_object_id", "Teams AAD object id", v => Guid.TryParseExact(v, "D", out _), "must be a GUID like 00000000-0000-0000-0000-000000000000", identities, ref ok);
            var email = Identity(file, r, "email", "email", v => Names.Email().IsMatch(v), "must be an email address", identities, ref ok);
            if (ok)
            {
                members.Add(new Member(id!, displayName!, roles) { SlackUserId = slack, TeamsAadObjectId = aad, Email = email });
            }
        }

        return members;
    }

    private static string? Identity(
        SourceFile file, MappingReader r, string key, string what, Func<string, bool> valid, string rule,
        Dictionary<string, string> seen, ref bool ok)
    {
        var value = r.String(key, required: false);
        if (value is null)
        {
            return null;
        }

        var node = r.Scalar(key, false)!;
        if (!valid(value))
        {
            file.Error(node, $"{key} '{InputValidator.Printable(value)}' of {r.What} {rule}");
            ok = false;
            return null;
        }

        if (!seen.TryAdd(key + ":" + value, r.What))
        {
            file.Error(node, $"{r.What} has the same {what} '{value}' as {seen[key + ":" + value]}");
            ok = false;
            return null;
        }

        return value;
    }

    private static List<Grant> ParseGrants(SourceFile file, YamlSequenceNode? list, LoadContext context)
    {
        var grants = new List<Grant>();
        var index = 0;
        foreach (var (r, node) in Items(file, list, "grant", "role", "actions", "runbooks", "device_groups", "channel_kinds"))
        {
            index++;
            r.What = $"grant #{index}";
            r.ReportUnknownKeys();
            var ok = true;
            var role = r.String("role", required: true);
            if (role is not null && !context.RoleNames.Contains(role))
            {
                file.Error(r.Scalar("role", false)!, $"{r.What} names unknown role '{role}'; declare it under roles");
                ok = false;
            }

            ok &= role is not null;
            var actions = new List<GrantAction>();
            foreach (var a in r.StringList("actions", required: true) ?? [])
            {
                switch (a.Value!.ToLowerInvariant())
                {
                    case "run": actions.Add(GrantAction.Run); break;
                    case "approve": actions.Add(GrantAction.Approve); break;
                    case "incident": actions.Add(GrantAction.Incident); break;
                    default:
                        file.Error(a, $"unknown action '{a.Value}' in {r.What}; expected run, approve or incident");
                        ok = false;
                        break;
                }
            }

            // The incident action is about incidents, not runbooks on devices: a grant of it alone names neither.
            var incidentOnly = actions.Count > 0 && actions.All(a => a == GrantAction.Incident);
            if (incidentOnly)
            {
                foreach (var key in new[] { "runbooks", "device_groups" })
                {
                    if (r.Value(key, required: false) is { } stray)
                    {
                        file.Error(stray, $"{r.What} grants only incident, which applies to no runbook or device: remove {key}");
                        ok = false;
                    }
                }
            }

            var runbooks = new List<string>();
            var what = r.What;
            foreach (var rb in r.StringList("runbooks", required: !incidentOnly) ?? [])
            {
                var name = rb.Value!;
                runbooks.Add(name);
                if (name != Grant.Any)
                {
                    context.Defer(() =>
                    {
                        if (context.RunbooksRead && !context.RunbookNames.Contains(name))
                        {
                            file.Error(rb, $"{what} names unknown runbook '{name}'");
                        }
                    });
                }
            }

            var groups = new List<string>();
            foreach (var g in r.StringList("device_groups", required: !incidentOnly) ?? [])
            {
                var name = g.Value!;
                groups.Add(name);
                if (name != Grant.Any)
                {
                    context.Defer(() =>
                    {
                        if (context.DevicesRead && !context.DeviceGroups.Contains(name))
                        {
                            file.Error(g, $"{what} names unknown device group '{name}'; no device in devices.yaml is in it");
                        }
                    });
                }
            }

            var kinds = new List<ChannelKind>();
            foreach (var k in r.StringList("channel_kinds", required: true) ?? [])
            {
                if (TryParseChannelKind(k.Value, out var kind))
                {
                    kinds.Add(kind);
                }
                else
                {
                    file.Error(k, $"unknown channel kind '{k.Value}' in {r.What}; expected direct, group, incident, change-window or console");
                    ok = false;
                }
            }

            if (ok && actions.Count > 0 && (incidentOnly || (runbooks.Count > 0 && groups.Count > 0)) && kinds.Count > 0)
            {
                grants.Add(new Grant(role!, actions, runbooks, groups, kinds));
            }
        }

        return grants;
    }

    private static List<ChannelBinding> ParseBindings(SourceFile file, YamlSequenceNode? list)
    {
        var bindings = new List<ChannelBinding>();
        foreach (var (r, node) in Items(file, list, "binding", "platform", "conversation_id", "incident", "change_window", "valid_from", "valid_until"))
        {
            var conversation = r.String("conversation_id", required: true);
            r.What = conversation is null ? "binding" : $"binding of '{conversation}'";
            r.ReportUnknownKeys();
            var ok = conversation is not null;
            ChatPlatform platform = default;
            var platformNode = r.Scalar("platform", required: true);
            switch (platformNode?.Value?.ToLowerInvariant())
            {
                case null: ok = false; break;
                case "slack": platform = ChatPlatform.Slack; break;
                case "teams": platform = ChatPlatform.Teams; break;
                case "console": platform = ChatPlatform.Console; break;
                default:
                    file.Error(platformNode, $"unknown chat platform '{platformNode.Value}' in {r.What}; expected slack, teams or console");
                    ok = false;
                    break;
            }

            var incident = r.String("incident", required: false);
            var window = r.String("change_window", required: false);
            if ((incident is null) == (window is null))
            {
                file.Error(node, $"{r.What} must name exactly one of incident or change_window");
                ok = false;
            }

            var from = Timestamp(file, r, "valid_from", ref ok);
            var until = Timestamp(file, r, "valid_until", ref ok);
            if (from is not null && until is not null && from >= until)
            {
                file.Error(r.Scalar("valid_until", false)!, $"valid_until of {r.What} must be after valid_from");
                ok = false;
            }

            if (ok)
            {
                var kind = incident is not null ? ChannelKind.Incident : ChannelKind.ChangeWindow;
                bindings.Add(new ChannelBinding(platform, conversation!, kind)
                {
                    Incident = incident,
                    ChangeWindow = window,
                    ValidFrom = from,
                    ValidUntil = until,
                });
            }
        }

        return bindings;
    }

    private static DateTimeOffset? Timestamp(SourceFile file, MappingReader r, string key, ref bool ok)
    {
        var value = r.String(key, required: false);
        if (value is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
        {
            return t;
        }

        file.Error(r.Scalar(key, false)!, $"{key} of {r.What} must be an ISO 8601 time like 2026-01-01T00:00:00Z");
        ok = false;
        return null;
    }

    public static bool TryParseChannelKind(string? name, out ChannelKind kind)
    {
        switch (name?.ToLowerInvariant())
        {
            case "direct": kind = ChannelKind.Direct; return true;
            case "group": kind = ChannelKind.Group; return true;
            case "incident": kind = ChannelKind.Incident; return true;
            case "change-window": kind = ChannelKind.ChangeWindow; return true;
            case "console": kind = ChannelKind.Console; return true;
            default: kind = default; return false;
        }
    }
}
