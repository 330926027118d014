namespace ChatNetOps.Execution.FortiGate;

using System.Text;

/// <summary>A plain-text table with left-aligned columns two spaces apart, as network CLIs print them.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public void Add(params string[] cells) => _rows.Add(cells);

    public void WriteTo(StringBuilder output)
    {
        var widths = headers.Select(h => h.Length).ToArray();
        foreach (var row in _rows)
        {
            for (var c = 0; c < widths.Length && c < row.Length; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        WriteRow(output, headers, widths);
        foreach (var row in _rows)
        {
            WriteRow(output, row, widths);
        }
    }

    private static void WriteRow(StringBuilder output, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var c = 0; c < widths.Length; c++)
        {
            var cell = c < cells.Length ? cells[c] : string.Empty;
            line.Append(c == widths.Length - 1 ? cell : cell.PadRight(widths[c] + 2));
        }

        output.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
