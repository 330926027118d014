namespace ChatNetOps.Alerts.Tests.Hosting;

using System.Text;

/// <summary>The official-shaped payloads in Payloads/ (composed from the field sets of each source's documentation).</summary>
public static class Payload
{
    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Payloads", name));

    public static string Text(string name) => Encoding.UTF8.GetString(Read(name));
}
