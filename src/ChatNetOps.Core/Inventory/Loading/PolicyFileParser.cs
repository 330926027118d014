namespace ChatNetOps.Core.Inventory.Loading;

using System.Globalization;
using ChatNetOps.Core.Policy;
using YamlDotNet.RepresentationModel;

/// <summary>
/// Reads <c>policy.yaml</c>. Its shape is checked by <c>policy.schema.json</c>; this builds the policy from the entries
/// that passed and checks what crosses entries and files: unique ids and chat identities, roles, runbooks and device
/// groups that must exist, and binding windows. Ids and references are case-insensitive.
/// </summary>
internal static class PolicyFileParser
{
    public const string FileName = "policy.yaml";

    public static AccessPolicy? Parse(SourceFile file, LoadContext context)
    {
        var (root, findings) = file.LoadValidated();
        if (root is null)
        {
            return null;
        }

        var top = new MappingReader(root);
        var roles = ParseRoles(file, findings, top.Sequence("roles"), context);
        context.PolicyRead = top.Sequence("roles") is not null;
        var members = ParseMembers(file, findings, top.Sequence("members"), context);
        var grants = ParseGrants(file, findings, top.Sequence("grants"), context);
        var bindings = ParseBindings(file, findings, top.Sequence("bindings"));
        return new AccessPolicy(roles, members, grants, bindings)
        {
            SeverityConfirmerRoles = ParseConfirmerRoles(file, top.Mapping("decisions"), "severity_confirmation", context),
            ChangeWindowAcknowledgerRoles = ParseConfirmerRoles(file, top.Mapping("decisions"), "change_window_acknowledgement", context),
        };
    }

    /// <summary><c>decisions.{kind}.roles</c>: who confirms a proposed incident severity, who acknowledges a change window.</summary>
    private static List<string> ParseConfirmerRoles(SourceFile file, YamlMappingNode? decisions, string kind, LoadContext context)
    {
        var roles = new List<string>();
        var section = decisions is null ? null : new MappingReader(decisions).Mapping(kind);
        foreach (var role in section is null ? [] : new MappingReader(section).StringList("roles"))
        {
            if (context.RoleNames.Contains(role.Value!))
            {
                roles.Add(role.Value!);
            }
            else
            {
                file.Error(role, $"decisions.{kind} names unknown role '{role.Value}'; declare it under roles");
            }
        }

        return roles;
    }

    private static IEnumerable<(MappingReader Reader, YamlMappingNode Node, bool Valid)> Items(SchemaFindings findings, YamlSequenceNode? list) =>
        (list?.Children ?? []).OfType<YamlMappingNode>().Select(m => (new MappingReader(m), m, findings.IsValid(m)));

    private static List<Role> ParseRoles(SourceFile file, SchemaFindings findings, YamlSequenceNode? list, LoadContext context)
    {
        var roles = new List<Role>();
        foreach (var (r, node, valid) in Items(findings, list))
        {
            var name = r.String("name");
            if (name is null || !Names.Identifier().IsMatch(name))
            {
                continue;
            }

            if (!context.RoleNames.Add(name))
            {
                file.Error(node, $"duplicate role '{name}'");
            }
            else if (valid)
            {
                roles.Add(new Role(name, r.String("description") ?? string.Empty));
            }
        }

        return roles;
    }

    private static List<Member> ParseMembers(SourceFile file, SchemaFindings findings, YamlSequenceNode? list, LoadContext context)
    {
        var members = new List<Member>();
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var identities = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (r, node, valid) in Items(findings, list))
        {
            var id = r.String("id");
            if (id is null || !Names.Identifier().IsMatch(id))
            {
                continue;
            }

            var what = $"member '{id}'";
            if (!ids.Add(id))
            {
                file.Error(node, $"duplicate member id '{id}'");
                continue;
            }

            var ok = valid;
            var roles = new List<string>();
            foreach (var role in r.StringList("roles"))
            {
                if (!context.RoleNames.Contains(role.Value!))
                {
                    file.Error(role, $"{what} has unknown role '{role.Value}'; declare it under roles");
                    ok = false;
                }
                else
                {
                    roles.Add(role.Value!);
                }
            }

            var slack = Identity(file, r, what, "slack_user_id", "Slack user id", identities, ref ok);
            var aad = Identity(file, r, what, "teams_aad_object_id", "Teams AAD object id", identities, ref ok);
            var email = Identity(file, r, what, "email", "email", identities, ref ok);
            if (ok)
            {
                members.Add(new Member(id, r.String("display_name")!, roles) { SlackUserId = slack, TeamsAadObjectId = aad, Email = email });
            }
        }

        return members;
    }

    /// <summary>A chat identity (its spelling checked by the schema) that no other member may share.</summary>
    private static string? Identity(SourceFile file, MappingReader r, string member, string key, string what, Dictionary<string, string> seen, ref bool ok)
    {
        var value = r.String(key);
        if (value is null)
        {
            return null;
        }

        if (!seen.TryAdd(key + ":" + value, member))
        {
            file.Error(r.Scalar(key)!, $"{member} has the same {what} '{value}' as {seen[key + ":" + value]}");
            ok = false;
            return null;
        }

        return value;
    }

    private static List<Grant> ParseGrants(SourceFile file, SchemaFindings findings, YamlSequenceNode? list, LoadContext context)
    {
        var grants = new List<Grant>();
        var index = 0;
        foreach (var (r, _, valid) in Items(findings, list))
        {
            index++;
            var what = $"grant #{index}";
            var ok = valid;
            var role = r.String("role");
            if (role is not null && Names.Identifier().IsMatch(role) && !context.RoleNames.Contains(role))
            {
                file.Error(r.Scalar("role")!, $"{what} names unknown role '{role}'; declare it under roles");
                ok = false;
            }

            var runbooks = References(file, r, "runbooks", what, "runbook", () => context.RunbooksRead ? context.RunbookNames : null, context);
            var groups = References(file, r, "device_groups", what, "device group", () => context.DevicesRead ? context.DeviceGroups : null, context);
            if (!ok)
            {
                continue;
            }

            var actions = r.StringList("actions").Select(a => a.Value!.ToLowerInvariant() switch
            {
                "run" => GrantAction.Run,
                "approve" => GrantAction.Approve,
                "report" => GrantAction.Report,
                _ => GrantAction.Incident,
            }).ToList();
            var kinds = r.StringList("channel_kinds").Select(k => TryParseChannelKind(k.Value, out var kind) ? kind : default).ToList();
            grants.Add(new Grant(role!, actions, runbooks, groups, kinds));
        }

        return grants;
    }

    /// <summary>The names a grant lists under <paramref name="key"/>; each (but <c>*</c>) must exist once every file is read.</summary>
    private static List<string> References(SourceFile file, MappingReader r, string key, string grant, string kind, Func<HashSet<string>?> known, LoadContext context)
    {
        var names = new List<string>();
        foreach (var item in r.StringList(key))
        {
            var name = item.Value!.Trim();
            names.Add(name);
            if (name == Grant.Any)
            {
                continue;
            }

            context.Defer(() =>
            {
                if (known() is { } set && !set.Contains(name))
                {
                    file.Error(item, $"{grant} names unknown {kind} '{name}'" + (kind == "device group" ? "; no device in devices.yaml is in it" : string.Empty));
                }
            });
        }

        return names;
    }

    private static List<ChannelBinding> ParseBindings(SourceFile file, SchemaFindings findings, YamlSequenceNode? list)
    {
        var bindings = new List<ChannelBinding>();
        foreach (var (r, _, valid) in Items(findings, list))
        {
            if (!valid)
            {
                continue;
            }

            var conversation = r.String("conversation_id")!;
            var from = Timestamp(r, "valid_from");
            var until = Timestamp(r, "valid_until");
            if (from is not null && until is not null && from >= until)
            {
                file.Error(r.Scalar("valid_until")!, $"valid_until of binding of '{conversation}' must be after valid_from");
                continue;
            }

            var platform = r.String("platform")!.ToLowerInvariant() switch
            {
                "slack" => ChatPlatform.Slack,
                "teams" => ChatPlatform.Teams,
                _ => ChatPlatform.Console,
            };
            var incident = r.String("incident");
            bindings.Add(new ChannelBinding(platform, conversation, incident is not null ? ChannelKind.Incident : ChannelKind.ChangeWindow)
            {
                Incident = incident,
                ChangeWindow = r.String("change_window"),
                ValidFrom = from,
                ValidUntil = until,
            });
        }

        return bindings;
    }

    private static DateTimeOffset? Timestamp(MappingReader r, string key) =>
        DateTimeOffset.TryParse(r.String(key), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

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
