namespace ChatNetOps.Core.Tests.Inventory;

/// <summary>A copy of the shipped inventory in a temporary folder, with files replaced per test.</summary>
internal sealed class TempInventory : IDisposable
{
    public TempInventory()
    {
        Directory = Path.Combine(Path.GetTempPath(), "chatnetops-inv-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var file in new[] { "devices.yaml", "runbooks.yaml", "policy.yaml" })
        {
            File.Copy(Path.Combine(SampleInventory.Directory, file), Path.Combine(Directory, file));
        }
    }

    public string Directory { get; }

    public string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>Replaces a whole file; <paramref name="text"/> is written as is (raw string literals keep line numbers readable).</summary>
    public TempInventory Write(string file, string text)
    {
        File.WriteAllText(PathOf(file), text);
        return this;
    }

    /// <summary>Replaces the first occurrence of <paramref name="find"/> in a shipped file; fails if it is absent.</summary>
    public TempInventory Replace(string file, string find, string replacement)
    {
        var text = File.ReadAllText(PathOf(file));
        var index = text.IndexOf(find, StringComparison.Ordinal);
        if (index < 0)
        {
            throw new InvalidOperationException($"'{find}' not found in {file}");
        }

        File.WriteAllText(PathOf(file), text[..index] + replacement + text[(index + find.Length)..]);
        return this;
    }

    /// <summary>The 1-based line of the first occurrence of <paramref name="text"/> in a file of this copy.</summary>
    public int LineOf(string file, string text)
    {
        var lines = File.ReadAllLines(PathOf(file));
        var index = Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        return index < 0 ? throw new InvalidOperationException($"'{text}' not found in {file}") : index + 1;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
