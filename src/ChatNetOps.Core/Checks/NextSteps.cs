namespace ChatNetOps.Core.Checks;

using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>
/// The safe steps a finished run offers (<c>next:</c>), worked out from the stored result and the catalog every time
/// (a card button carries only the request id and the offer's index, never inputs): for each step, each row meeting its
/// condition (or the device's verdict) gives one offer with inputs filled from the run's inputs and that row. Only
/// offers whose inputs validate and that <paramref name="member"/> may run on the device from this kind of conversation
/// are listed — grant and channel rules, as the submit policy will apply them again when pressed.
/// </summary>
public static class NextSteps
{
    /// <summary>Offers on one card; more would not read on a phone.</summary>
    public const int MaxOffers = 3;

    public static IReadOnlyList<NextStepOffer> Offers(RunRequest request, InventoryCatalog catalog, Member? member)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(catalog);
        var offers = new List<NextStepOffer>();
        if (member is null || request.Result is not { } result || catalog.FindRunbook(request.Runbook) is not { Next.Count: > 0 } runbook)
        {
            return offers;
        }

        foreach (var step in runbook.Next)
        {
            if (catalog.FindRunbook(step.Link.Runbook) is not { IsStateChanging: false } next || !next.Channel.IsSatisfiedBy(request.Origin.Kind))
            {
                continue;
            }

            foreach (var device in result.Devices.Where(d => d.Parsed is not null))
            {
                var inputs = new Dictionary<string, string>(request.Inputs, StringComparer.OrdinalIgnoreCase);
                if (request.Targets.Count > 1 || !inputs.ContainsKey("device"))
                {
                    inputs["device"] = device.Device;
                }

                IEnumerable<IReadOnlyDictionary<string, string>?> sources = step.When is { } when
                    ? device.Parsed!.Rows.Where(r => when.Evaluate(CompareEvaluator.With(r.Values, request.Inputs))).Select(r => (IReadOnlyDictionary<string, string>?)r.Values)
                    : step.Verdicts.Contains(device.Parsed!.Verdict) ? [null] : [];
                foreach (var row in sources)
                {
                    if (step.Link.Fill(inputs, row) is not { } raw)
                    {
                        continue;
                    }

                    var validation = InputValidator.Validate(next, raw, catalog);
                    if (!validation.IsValid || !validation.Values.TryGetValue("device", out var target) || catalog.FindDevice(target) is not { } targetDevice
                        || !next.Targets(targetDevice) || !catalog.Policy.IsGranted(member, GrantAction.Run, next, targetDevice, request.Origin.Kind))
                    {
                        continue;
                    }

                    var offer = new NextStepOffer(offers.Count, next.Name, Title(step, next, validation.Values), validation.Values);
                    if (!offers.Any(o => o.Runbook == offer.Runbook && o.Inputs.Count == offer.Inputs.Count && o.Inputs.All(p => offer.Inputs.TryGetValue(p.Key, out var v) && v == p.Value)))
                    {
                        offers.Add(offer);
                    }

                    if (offers.Count == MaxOffers)
                    {
                        return offers;
                    }
                }
            }
        }

        return offers;
    }

    private static string Title(NextStep step, Runbook next, IReadOnlyDictionary<string, string> inputs)
    {
        var what = string.Join(" ", inputs.Where(p => !string.Equals(p.Key, "device", StringComparison.OrdinalIgnoreCase)).Select(p => p.Value));
        var device = inputs.TryGetValue("device", out var d) ? d : string.Empty;
        var title = $"{step.Label ?? next.Name}: {device} {what}".Trim();
        return title.Length <= 60 ? title : title[..59] + "…";
    }
}

/// <summary>One offered next step: its index on the card, the runbook, the button title and the validated inputs.</summary>
public sealed record NextStepOffer(int Index, string Runbook, string Title, IReadOnlyDictionary<string, string> Inputs);
