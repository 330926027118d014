namespace ChatNetOps.Core.Inventory.Loading;

using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

/// <summary>One inventory file being read; collects diagnostics that point into it.</summary>
internal sealed class SourceFile(string path, List<InventoryDiagnostic> sink)
{
    public string Path { get; } = path;

    public void Error(YamlNode node, string message) => Error(node.Start, message);

    public void Error(Mark at, string message) =>
        sink.Add(new InventoryDiagnostic(Path, (int)at.Line, (int)at.Column, message, DiagnosticSeverity.Error));

    public void Warning(YamlNode node, string message) =>
        sink.Add(new InventoryDiagnostic(Path, (int)node.Start.Line, (int)node.Start.Column, message, DiagnosticSeverity.Warning));

    public void Error(string message) =>
        sink.Add(new InventoryDiagnostic(Path, 0, 0, message, DiagnosticSeverity.Error));

    /// <summary>
    /// Parses the file and validates it against its JSON Schema (<see cref="SchemaCheck"/>), reporting syntax and
    /// shape problems with their lines. The root is null when the file could not be read at all.
    /// </summary>
    public (YamlMappingNode? Root, SchemaFindings Findings) LoadValidated()
    {
        var root = LoadRoot();
        if (root is null)
        {
            return (null, new SchemaFindings(YamlJsonDocument.Empty));
        }

        var document = YamlJsonDocument.From(root, this);
        return (root, SchemaCheck.Validate(this, document));
    }

    /// <summary>Parses the file into its root mapping, reporting syntax errors with their line.</summary>
    public YamlMappingNode? LoadRoot()
    {
        if (!File.Exists(Path))
        {
            Error("file not found");
            return null;
        }

        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(Path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            var message = e.InnerException is { } inner && e.Message.Contains("See inner", StringComparison.Ordinal)
                ? inner.Message
                : e.Message;
            Error(e.Start, "YAML syntax error: " + message);
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner can fail this way on a flow collection left open at the end of the file.
            Error(new Mark(0, File.ReadLines(Path).Count(), 1), "YAML syntax error: unexpected end of file (is a [ or { left open?)");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            Error("file is empty");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            Error(stream.Documents[1].RootNode, "only one YAML document is allowed per file");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Error(stream.Documents[0].RootNode, "the file must be a mapping at its top level");
            return null;
        }

        return root;
    }
}
