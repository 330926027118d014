namespace ChatNetOps.Core.Inventory.Loading;

using System.Text.RegularExpressions;
using ChatNetOps.Core.Alerts;
using ChatNetOps.Core.Alerts.Routing;
using ChatNetOps.Core.Policy;
using YamlDotNet.RepresentationModel;

/// <summary>
/// Reads <c>alert-routes.yaml</c> (optional: without it no alert is routed). Its shape is checked by
/// <c>alert-routes.schema.json</c>; this checks what the schema cannot, against the loaded inventory: unique route
/// names, exactly one default route (which matches nothing itself), regexes that compile, the route's device groups
/// and names exist, its first step names a read-only runbook (an auto-run of a state-changing runbook is refused,
/// and so is any state-changing first step), and that runbook can target every device in the route's scope.
/// </summary>
internal static class AlertRouteFileParser
{
    public const string FileName = "alert-routes.yaml";

    public static AlertRouteTable Parse(SourceFile file, InventoryCatalog catalog)
    {
        var routes = new List<AlertRoute>();
        var (root, findings) = file.LoadValidated();
        if (root is null)
        {
            return AlertRouteTable.None;
        }

        var seen = new Dictionary<string, YamlNode>(StringComparer.OrdinalIgnoreCase);
        YamlNode? firstDefault = null;
        var list = new MappingReader(root).Sequence("routes");
        foreach (var mapping in list?.Children.OfType<YamlMappingNode>() ?? [])
        {
            var r = new MappingReader(mapping);
            var name = r.String("name");
            if (name is null)
            {
                continue;
            }

            if (seen.TryGetValue(name, out var first))
            {
                file.Error(mapping, $"duplicate route name '{name}' (first defined on line {first.Start.Line})");
                continue;
            }

            seen[name] = mapping;
            if (r.Bool("default") == true)
            {
                if (firstDefault is not null)
                {
                    file.Error(mapping, $"route '{name}' is a second default route (the first is on line {firstDefault.Start.Line}); exactly one route is the default");
                }

                firstDefault = mapping;
                if (r.Mapping("match") is not null)
                {
                    file.Error(mapping, $"default route '{name}' takes what no other route matched; remove its 'match'");
                }
            }

            if (findings.IsValid(mapping) && Build(file, r, name, catalog) is { } route)
            {
                routes.Add(route);
            }
        }

        if (list is not null && firstDefault is null)
        {
            file.Error(root, "alert-routes.yaml needs a default route (one route with 'default: true') for alerts no other route matches");
        }

        return new AlertRouteTable(routes);
    }

    private static IEnumerable<KeyValuePair<YamlNode, YamlNode>> Entries(YamlMappingNode? mapping) =>
        mapping?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>();

    private static AlertRoute? Build(SourceFile file, MappingReader r, string name, InventoryCatalog catalog)
    {
        var what = $"route '{name}'";
        var ok = true;
        var target = new MappingReader(r.Mapping("target")!);
        var platform = target.String("platform") == "teams" ? ChatPlatform.Teams : ChatPlatform.Slack;

        var sources = new HashSet<AlertSource>();
        var labels = new List<LabelMatcher>();
        var severities = new List<string>();
        if (r.Mapping("match") is { } matchNode)
        {
            var match = new MappingReader(matchNode);
            foreach (var s in match.StringList("source"))
            {
                sources.Add(s.Value switch
                {
                    "azure-monitor" => AlertSource.AzureMonitor,
                    "grafana" => AlertSource.Grafana,
                    "webhook" => AlertSource.Webhook,
                    _ => AlertSource.Alertmanager,
                });
            }

            severities.AddRange(match.StringList("severity").Select(s => s.Value!));
            foreach (var (keyNode, value) in Entries(match.Mapping("labels")))
            {
                var label = ((YamlScalarNode)keyNode).Value!;
                switch (value)
                {
                    case YamlScalarNode scalar:
                        labels.Add(new LabelMatcher(label, scalar.Value ?? string.Empty, null, null));
                        break;
                    case YamlMappingNode m when new MappingReader(m).String("regex") is { } pattern:
                        try
                        {
                            labels.Add(new LabelMatcher(label, null, new Regex("^(?:" + pattern + ")$", RegexOptions.CultureInvariant, LabelMatcher.RegexTimeout), null));
                        }
                        catch (ArgumentException e)
                        {
                            file.Error(m, $"regex of label '{label}' in {what} does not compile: {e.Message}");
                            ok = false;
                        }

                        break;
                    case YamlMappingNode m:
                        labels.Add(new LabelMatcher(label, null, null, [.. new MappingReader(m).StringList("one_of").Select(v => v.Value ?? string.Empty)]));
                        break;
                }
            }
        }

        var groups = new List<string>();
        var names = new List<string>();
        if (r.Mapping("devices") is { } devicesNode)
        {
            var devices = new MappingReader(devicesNode);
            foreach (var g in devices.StringList("groups"))
            {
                if (!catalog.Groups.Contains(g.Value!))
                {
                    file.Error(g, $"{what} names unknown device group '{g.Value}'; no device in devices.yaml is in it");
                    ok = false;
                }

                groups.Add(g.Value!);
            }

            foreach (var n in devices.StringList("names"))
            {
                if (catalog.FindDevice(n.Value!) is null)
                {
                    file.Error(n, $"{what} names unknown device '{n.Value}'");
                    ok = false;
                }

                names.Add(n.Value!);
            }
        }

        var severityMap = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (keyNode, value) in Entries(r.Mapping("severity_map")))
        {
            severityMap[((YamlScalarNode)keyNode).Value!] = int.Parse(((YamlScalarNode)value).Value!, System.Globalization.CultureInfo.InvariantCulture);
        }

        var route = new AlertRoute(name, platform, target.String("conversation_id")!)
        {
            IsDefault = r.Bool("default") == true,
            Sources = sources,
            Labels = labels,
            Severities = severities,
            Service = r.String("service"),
            Environment = r.String("environment"),
            DeviceGroups = groups,
            DeviceNames = names,
            SeverityMap = severityMap,
        };
        if (r.Mapping("incident") is { } incidentNode)
        {
            var incident = new MappingReader(incidentNode);
            route = route with
            {
                IncidentPolicy = incident.String("policy") == "attach" ? IncidentPolicy.Attach : IncidentPolicy.New,
                AttachWithin = incident.Integer("attach_within_minutes") is { } attach ? TimeSpan.FromMinutes(attach) : route.AttachWithin,
                FlapWindow = incident.Integer("flap_window_minutes") is { } flap ? TimeSpan.FromMinutes(flap) : route.FlapWindow,
                IncidentPrefix = incident.String("prefix") ?? route.IncidentPrefix,
            };
        }

        if (r.Mapping("first_step") is { } stepNode)
        {
            var step = new MappingReader(stepNode);
            var runbookName = step.String("runbook")!;
            var autoRun = step.Bool("auto_run") == true;
            var inputs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (keyNode, value) in Entries(step.Mapping("inputs")))
            {
                inputs[((YamlScalarNode)keyNode).Value!] = ((YamlScalarNode)value).Value ?? string.Empty;
            }

            var runbook = catalog.FindRunbook(runbookName);
            if (runbook is null)
            {
                file.Error(stepNode, $"first step of {what} names unknown runbook '{runbookName}'");
                return null;
            }

            if (runbook.IsStateChanging)
            {
                file.Error(stepNode, autoRun
                    ? $"{what} auto-runs state-changing runbook '{runbookName}'; only a read-only runbook may run without a person asking"
                    : $"first step of {what} is state-changing runbook '{runbookName}'; a first step must be read-only");
                ok = false;
            }

            foreach (var input in inputs.Keys.Where(k => runbook.FindInput(k) is null))
            {
                file.Error(stepNode, $"first step of {what} sets input '{input}', which runbook '{runbookName}' does not declare");
                ok = false;
            }

            var scope = catalog.Devices.Where(route.InScope).ToList();
            var untargetable = scope.Where(d => !runbook.Targets(d)).Select(d => d.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
            if (!route.HasAnyDeviceScope && untargetable.Count > 0)
            {
                file.Error(stepNode, $"runbook '{runbookName}' of {what} cannot target {string.Join(", ", untargetable.Take(5))}{(untargetable.Count > 5 ? $" and {untargetable.Count - 5} more" : string.Empty)} in the route's devices; narrow the route's devices or pick a runbook that targets them");
                ok = false;
            }

            route = route with { FirstStep = new FirstStep(runbook.Name, inputs, autoRun) };
        }

        return ok ? route : null;
    }
}
