namespace ChatNetOps.Benchmarks.Storage;

using System.Globalization;

/// <summary>A plain stdout table: one row per measurement, with its target when there is one.</summary>
internal sealed class ResultTable
{
    private readonly List<(string Name, string Value, string Target, string Verdict)> _rows = [];

    public void Add(string name, string value, string target = "", bool? met = null) =>
        _rows.Add((name, value, target, met switch { true => "met", false => "MISSED", null => string.Empty }));

    public static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture) + "/s";

    public void Print(TextWriter output)
    {
        var w0 = Math.Max(11, _rows.Max(r => r.Name.Length));
        var w1 = Math.Max(5, _rows.Max(r => r.Value.Length));
        var w2 = Math.Max(6, _rows.Max(r => r.Target.Length));
        output.WriteLine($"| {"measurement".PadRight(w0)} | {"value".PadLeft(w1)} | {"target".PadLeft(w2)} | verdict |");
        output.WriteLine($"|{new string('-', w0 + 2)}|{new string('-', w1 + 2)}|{new string('-', w2 + 2)}|---------|");
        foreach (var (name, value, target, verdict) in _rows)
        {
            output.WriteLine($"| {name.PadRight(w0)} | {value.PadLeft(w1)} | {target.PadLeft(w2)} | {verdict.PadRight(7)} |");
        }
    }
}
