namespace ChatNetOps.Alerts.Cards;

/// <summary>
/// Where the alert card learns of an open change window on its devices. Nothing implements it yet (change windows are
/// built apart); when a service registers one, the card shows its answer ("CHW-12 until 10:00Z by Ana").
/// </summary>
public interface IOpenChangeWindows
{
    /// <summary>An open change window covering any of <paramref name="devices"/>, described in one line; null when none.</summary>
    Task<string?> DescribeAsync(IReadOnlyList<string> devices, CancellationToken cancellationToken);
}
