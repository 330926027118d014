namespace ChatNetOps.Core.Alerts.Routing;

/// <summary>
/// The read-only runbook a route offers on the incident card. <see cref="Inputs"/> are templates over the alert:
/// <c>{device}</c> (the resolved device) and <c>{labels.NAME}</c>; what they produce still goes through the runbook's
/// input validation. With <see cref="AutoRun"/> it is requested at once as the principal <c>alert:&lt;source&gt;</c>.
/// </summary>
public sealed record FirstStep(string Runbook, IReadOnlyDictionary<string, string> Inputs, bool AutoRun);
