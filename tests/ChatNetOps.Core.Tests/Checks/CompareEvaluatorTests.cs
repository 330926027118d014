namespace ChatNetOps.Core.Tests.Checks;

using ChatNetOps.Core.Checks;
using ChatNetOps.Core.Parsing;

/// <summary>Compare rules over a check's rows: the change's inputs as input_x fields, exists/absent/condition, counters within a tolerance.</summary>
public sealed class CompareEvaluatorTests
{
    private static readonly Dictionary<string, FieldType> Fields = new()
    {
        ["neighbor_id"] = FieldType.Ipv4,
        ["state"] = FieldType.State,
        ["crc"] = FieldType.Int,
        ["input_neighbor"] = FieldType.Ipv4,
    };

    private static readonly Dictionary<string, string> Inputs = new() { ["device"] = "dist-sw-01", ["neighbor"] = "198.51.100.7" };

    [Fact]
    public void Condition_OnTheRowTheInputNames_HoldsOnlyWhenThatRowMeetsIt()
    {
        var rule = new CompareRule("FULL again", CheckPhase.After, Expr("neighbor_id == input_neighbor"), CompareExpectation.Condition) { Condition = Expr("state == \"FULL\"") };

        var held = CompareEvaluator.Evaluate([rule], CheckPhase.After, Output(Row("198.51.100.7", "FULL"), Row("198.51.100.9", "INIT")), Inputs, null);
        var failed = CompareEvaluator.Evaluate([rule], CheckPhase.After, Output(Row("198.51.100.7", "INIT")), Inputs, null);
        var missing = CompareEvaluator.Evaluate([rule], CheckPhase.After, Output(Row("198.51.100.9", "FULL")), Inputs, null);

        Assert.True(held.Passed);
        Assert.Equal("198.51.100.7", Assert.Single(held.Rows).Values["neighbor_id"]);
        Assert.False(failed.Passed);
        Assert.Contains("198.51.100.7 INIT (wanted state == \"FULL\")", failed.Summary, StringComparison.Ordinal);
        Assert.False(missing.Passed);
        Assert.Equal("198.51.100.9", Assert.Single(missing.Rows).Values["neighbor_id"]);
    }

    [Fact]
    public void ExistsAndAbsent_AndRulesOfTheOtherPhase_AreIgnored()
    {
        CompareRule[] rules =
        [
            new("neighbour there", CheckPhase.Before, Expr("neighbor_id == input_neighbor"), CompareExpectation.Exists),
            new("no INIT", CheckPhase.Before, Expr("state == \"INIT\""), CompareExpectation.Absent),
            new("after only", CheckPhase.After, null, CompareExpectation.Absent),
        ];

        Assert.True(CompareEvaluator.Evaluate(rules, CheckPhase.Before, Output(Row("198.51.100.7", "FULL")), Inputs, null).Passed);
        var stuck = CompareEvaluator.Evaluate(rules, CheckPhase.Before, Output(Row("198.51.100.7", "INIT")), Inputs, null);
        Assert.Equal([true, false], stuck.Findings.Select(f => f.Passed));
    }

    [Fact]
    public void MaxIncrease_ComparesTheSameKeyBeforeAndAfter()
    {
        var rule = new CompareRule("CRC steady", CheckPhase.After, null, CompareExpectation.MaxIncrease) { Field = "crc", Tolerance = 10 };
        ParsedRow[] before = [Row("198.51.100.7", "FULL", crc: "100")];

        Assert.True(CompareEvaluator.Evaluate([rule], CheckPhase.After, Output(Row("198.51.100.7", "FULL", crc: "110")), Inputs, before).Passed);
        var grown = CompareEvaluator.Evaluate([rule], CheckPhase.After, Output(Row("198.51.100.7", "FULL", crc: "111")), Inputs, before);
        Assert.False(grown.Passed);
        Assert.Contains("198.51.100.7 crc 100 → 111 (+11, at most +10)", grown.Summary, StringComparison.Ordinal);
        Assert.False(CompareEvaluator.Evaluate([rule], CheckPhase.After, Output(Row("198.51.100.7", "FULL", crc: "110")), Inputs, null).Passed);
    }

    [Fact]
    public void UnrecognisedOutput_NeverPasses_AndWithoutRulesTheChecksOwnVerdictDecides()
    {
        var unrecognised = new ParsedOutput(Verdict.Warning, ParsedOutput.NotRecognisedSummary, false, [], [], "neighbor_id", []);
        Assert.False(CompareEvaluator.Evaluate([], CheckPhase.After, unrecognised, Inputs, null).Passed);
        Assert.True(CompareEvaluator.Evaluate([], CheckPhase.After, Output(Row("198.51.100.7", "FULL")), Inputs, null).Passed);
        Assert.False(CompareEvaluator.Evaluate([], CheckPhase.After, Output(Row("198.51.100.7", "INIT")) with { Verdict = Verdict.Problem }, Inputs, null).Passed);
    }

    [Fact]
    public void RunbookLink_FillsFromInputsAndRow_AndGivesNullWhenAValueIsMissing()
    {
        var link = new RunbookLink("interface-counters", new Dictionary<string, string> { ["device"] = "{device}", ["interface"] = "{row.interface}" });

        Assert.Equal("Eth1/1", link.Fill(Inputs, new Dictionary<string, string> { ["interface"] = "Eth1/1" })!["interface"]);
        Assert.Null(link.Fill(Inputs, new Dictionary<string, string>()));
        Assert.Null(link.Fill(new Dictionary<string, string>(), new Dictionary<string, string> { ["interface"] = "Eth1/1" }));
    }

    private static VerdictExpression Expr(string text) => VerdictExpression.Parse(text, Fields);

    private static ParsedRow Row(string id, string state, string crc = "0") =>
        new(Verdict.Ok, new Dictionary<string, string> { ["neighbor_id"] = id, ["state"] = state, ["crc"] = crc });

    private static ParsedOutput Output(params ParsedRow[] rows) =>
        new(Verdict.Ok, $"{rows.Length} rows", true, ["neighbor_id", "state", "crc"], ["neighbor_id", "state"], "neighbor_id", rows);
}
