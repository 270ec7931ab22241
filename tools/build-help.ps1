<#
    .SYNOPSIS
        Builds the MAML help of KrJwt's commands: en-US/KrJwt.Interop.dll-Help.xml (the compiled cmdlets) and
        en-US/KrJwt-Help.xml (the script functions, for the generated bin/KrJwt.Functions.ps1).
    .DESCRIPTION
        Help is written as comment-based help (.SYNOPSIS, .DESCRIPTION, .PARAMETER <name>, .INPUTS, .OUTPUTS,
        .NOTES, .EXAMPLE, .LINK; an example's code runs up to its first blank line, the rest is its remarks):
        for a compiled cmdlet in ps-module/help/<Name>.help.txt, for a script function in the block before
        its 'function' line in Public/. This script imports the module from its sources, reads each command's
        parameters (sets, types, positions, pipeline input) from PowerShell itself and writes the two MAML
        files Get-Help reads (the generated function file points its functions at KrJwt-Help.xml with
        .ExternalHelp). A command without help text, or a parameter without a description, fails the build.
        build.ps1 runs it in a child pwsh.
    .PARAMETER ModuleFolder
        The module folder (KrJwt.psd1, Public/, bin/KrJwt.Interop.dll); the MAML files go to its en-US/.
    .PARAMETER HelpSource
        The folder of the compiled cmdlets' <Name>.help.txt files.
    .EXAMPLE
        pwsh -NoProfile -File tools/build-help.ps1 -ModuleFolder ps-module/KrJwt -HelpSource ps-module/help
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleFolder,
    [Parameter(Mandatory)] [string] $HelpSource
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Read-HelpSource {
    <# The sections of one comment-based help text (its lines): Synopsis, Description, Parameters (name -> text), Inputs, Outputs, Notes, Examples (Code, Remarks), Links. #>
    param([string[]] $SourceLines)
    $help = @{ Synopsis = ''; Description = ''; Parameters = [ordered]@{}; Inputs = ''; Outputs = ''; Notes = ''; Examples = [System.Collections.Generic.List[object]]::new(); Links = [System.Collections.Generic.List[string]]::new() }
    $section = $null
    $argument = $null
    $lines = [System.Collections.Generic.List[string]]::new()
    $flush = {
        $text = ($lines -join "`n").Trim("`n")
        switch ($section) {
            'SYNOPSIS' { $help.Synopsis = $text }
            'DESCRIPTION' { $help.Description = $text }
            'PARAMETER' { $help.Parameters[$argument] = $text }
            'INPUTS' { $help.Inputs = $text }
            'OUTPUTS' { $help.Outputs = $text }
            'NOTES' { $help.Notes = $text }
            'EXAMPLE' {
                $all = @($lines)
                $blank = [Array]::FindIndex([string[]] $all, [Predicate[string]] { param($l) -not $l.Trim() })
                if ($blank -lt 0) { $blank = $all.Count }
                $help.Examples.Add([pscustomobject]@{
                        Code    = ($all[0..($blank - 1)] -join "`n").TrimEnd()
                        Remarks = if ($blank -lt $all.Count) { ($all[$blank..($all.Count - 1)] -join "`n").Trim() } else { '' }
                    })
            }
            'LINK' { $help.Links.Add($text) }
        }
    }
    foreach ($raw in $SourceLines) {
        if ($raw -match '^\.(?<key>[A-Z]+)(\s+(?<arg>\S+))?\s*$') {
            if ($section) { & $flush }
            $section = $Matches['key']
            $argument = $Matches['arg']
            $lines.Clear()
        } else {
            # Section text is indented four spaces in the source.
            $lines.Add(($raw -replace '^    ', '').TrimEnd())
        }
    }
    if ($section) { & $flush }
    $help
}

function ConvertTo-Para {
    <# MAML paragraphs: one per blank-line-separated block, lines joined. #>
    param([string] $Text, [string] $Indent)
    $paras = foreach ($block in ($Text -split "`n\s*`n")) {
        $joined = (($block -split "`n") | ForEach-Object { $_.Trim() }) -join ' '
        if ($joined) { "$Indent<maml:para>$([System.Security.SecurityElement]::Escape($joined))</maml:para>" }
    }
    if (-not $paras) { return "$Indent<maml:para></maml:para>" }
    $paras -join "`n"
}

function Get-TypeName {
    param([type] $Type)
    if ($Type -eq [System.Management.Automation.SwitchParameter]) { return 'SwitchParameter' }
    $Type.FullName
}

function Get-FunctionHelpText {
    <# The comment-based help block before the 'function' line of a Public/ source file, as lines. #>
    param([string] $Path)
    $lines = [System.IO.File]::ReadAllLines($Path)
    $open = [Array]::IndexOf($lines, '<#')
    $close = [Array]::IndexOf($lines, '#>')
    if ($open -lt 0 -or $close -le $open) { return $null }
    # Indented one level more than a ps-module/help file.
    , [string[]] @($lines[($open + 1)..($close - 1)] | ForEach-Object { $_ -replace '^    ', '' })
}

$ModuleFolder = (Resolve-Path -LiteralPath $ModuleFolder).Path
$module = Import-Module -Name (Join-Path -Path $ModuleFolder -ChildPath 'KrJwt.psd1') -PassThru -Force
$common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
$x = [System.Security.SecurityElement]
$problems = [System.Collections.Generic.List[string]]::new()
$publicFiles = @{}
foreach ($file in Get-ChildItem -LiteralPath (Join-Path -Path $ModuleFolder -ChildPath 'Public') -Filter '*.ps1' -File -Recurse) { $publicFiles[$file.BaseName] = $file.FullName }
$outputs = [ordered]@{
    'KrJwt.Interop.dll-Help.xml' = @($module.ExportedCmdlets.Keys | Sort-Object)
    'KrJwt-Help.xml'             = @($module.ExportedFunctions.Keys | Sort-Object)
}
foreach ($fileName in $outputs.Keys) {
    $sb = [System.Text.StringBuilder]::new()
    $null = $sb.AppendLine('<?xml version="1.0" encoding="utf-8"?>')
    $null = $sb.AppendLine('<!-- Generated by tools/build-help.ps1 from comment-based help (ps-module/help/*.help.txt, Public/*.ps1); do not edit. -->')
    $null = $sb.AppendLine('<helpItems schema="maml" xmlns="http://msh">')
    foreach ($name in $outputs[$fileName]) {
        $command = Get-Command -Name $name -Module KrJwt
        $text = if ($command.CommandType -eq 'Cmdlet') {
            $source = Join-Path -Path $HelpSource -ChildPath "$name.help.txt"
            if (Test-Path -LiteralPath $source -PathType Leaf) { , [string[]] [System.IO.File]::ReadAllLines($source) } else { $null }
        } elseif ($publicFiles.ContainsKey($name)) {
            Get-FunctionHelpText -Path $publicFiles[$name]
        } else {
            $null
        }
        if ($null -eq $text) {
            $problems.Add("$name has no help text")
            continue
        }
        $help = Read-HelpSource -SourceLines $text
        $parameters = @($command.Parameters.Values | Where-Object { $_.Name -notin $common })
        foreach ($parameter in $parameters) {
            if (-not $help.Parameters.Contains($parameter.Name)) { $problems.Add("$name -$($parameter.Name) has no .PARAMETER text") }
        }
        $null = $sb.AppendLine('  <command:command xmlns:maml="http://schemas.microsoft.com/maml/2004/10" xmlns:command="http://schemas.microsoft.com/maml/dev/command/2004/10" xmlns:dev="http://schemas.microsoft.com/maml/dev/2004/10">')
        $null = $sb.AppendLine('    <command:details>')
        $null = $sb.AppendLine("      <command:name>$name</command:name>")
        $null = $sb.AppendLine('      <maml:description>')
        $null = $sb.AppendLine((ConvertTo-Para -Text $help.Synopsis -Indent '        '))
        $null = $sb.AppendLine('      </maml:description>')
        $null = $sb.AppendLine("      <command:verb>$($command.Verb)</command:verb>")
        $null = $sb.AppendLine("      <command:noun>$($command.Noun)</command:noun>")
        $null = $sb.AppendLine('    </command:details>')
        $null = $sb.AppendLine('    <maml:description>')
        $null = $sb.AppendLine((ConvertTo-Para -Text $help.Description -Indent '      '))
        $null = $sb.AppendLine('    </maml:description>')
        $writeParameter = {
            param($parameter, $set, [string] $indent)
            $attribute = if ($null -ne $set) { $set } else { @($parameter.ParameterSets.Values)[0] }
            $mandatory = @($parameter.ParameterSets.Values | Where-Object IsMandatory).Count -gt 0
            if ($null -ne $set) { $mandatory = $set.IsMandatory }
            $position = if ($attribute.Position -lt 0) { 'named' } else { [string] $attribute.Position }
            $pipeline = @(
                if (@($parameter.ParameterSets.Values | Where-Object ValueFromPipeline).Count) { 'ByValue' }
                if (@($parameter.ParameterSets.Values | Where-Object ValueFromPipelineByPropertyName).Count) { 'ByPropertyName' }
            )
            $pipelineText = if ($pipeline) { "true ($($pipeline -join ', '))" } else { 'false' }
            $typeName = Get-TypeName -Type $parameter.ParameterType
            $aliases = if ($parameter.Aliases.Count) { $parameter.Aliases -join ', ' } else { 'none' }
            $null = $sb.AppendLine("$indent<command:parameter required=`"$($mandatory.ToString().ToLowerInvariant())`" variableLength=`"true`" globbing=`"false`" pipelineInput=`"$pipelineText`" position=`"$position`" aliases=`"$aliases`">")
            $null = $sb.AppendLine("$indent  <maml:name>$($parameter.Name)</maml:name>")
            $null = $sb.AppendLine("$indent  <maml:description>")
            $null = $sb.AppendLine((ConvertTo-Para -Text ([string] $help.Parameters[$parameter.Name]) -Indent "$indent    "))
            $null = $sb.AppendLine("$indent  </maml:description>")
            if ($parameter.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
                $null = $sb.AppendLine("$indent  <command:parameterValue required=`"true`" variableLength=`"false`">$($x::Escape($typeName))</command:parameterValue>")
            }
            $null = $sb.AppendLine("$indent  <dev:type><maml:name>$($x::Escape($typeName))</maml:name></dev:type>")
            $null = $sb.AppendLine("$indent</command:parameter>")
        }
        $null = $sb.AppendLine('    <command:syntax>')
        $sets = @($command.ParameterSets | Sort-Object -Property @{ Expression = { -not $_.IsDefault } }, Name)
        foreach ($set in $sets) {
            $null = $sb.AppendLine('      <command:syntaxItem>')
            $null = $sb.AppendLine("        <maml:name>$name</maml:name>")
            foreach ($member in $set.Parameters | Where-Object { $_.Name -notin $common } | Sort-Object -Property @{ Expression = { if ($_.Position -lt 0) { [int]::MaxValue } else { $_.Position } } }, @{ Expression = { -not $_.IsMandatory } }) {
                $parameter = $command.Parameters[$member.Name]
                $attribute = $parameter.ParameterSets[$set.Name]
                if ($null -eq $attribute) { $attribute = $parameter.ParameterSets['__AllParameterSets'] }
                & $writeParameter $parameter $attribute '        '
            }
            $null = $sb.AppendLine('      </command:syntaxItem>')
        }
        $null = $sb.AppendLine('    </command:syntax>')
        $null = $sb.AppendLine('    <command:parameters>')
        foreach ($parameter in $parameters) {
            & $writeParameter $parameter $null '      '
        }
        $null = $sb.AppendLine('    </command:parameters>')
        foreach ($kind in 'Inputs', 'Outputs') {
            $tag = if ($kind -eq 'Inputs') { 'inputType' } else { 'returnValue' }
            $group = if ($kind -eq 'Inputs') { 'inputTypes' } else { 'returnValues' }
            $null = $sb.AppendLine("    <command:$group>")
            foreach ($line in ($help[$kind] -split "`n" | ForEach-Object { $_.Trim() } | Where-Object { $_ })) {
                $null = $sb.AppendLine("      <command:$tag><dev:type><maml:name>$($x::Escape($line))</maml:name></dev:type></command:$tag>")
            }
            $null = $sb.AppendLine("    </command:$group>")
        }
        if ($help.Notes) {
            $null = $sb.AppendLine('    <maml:alertSet><maml:alert>')
            $null = $sb.AppendLine((ConvertTo-Para -Text $help.Notes -Indent '      '))
            $null = $sb.AppendLine('    </maml:alert></maml:alertSet>')
        }
        $null = $sb.AppendLine('    <command:examples>')
        $index = 0
        foreach ($example in $help.Examples) {
            $index++
            $null = $sb.AppendLine('      <command:example>')
            $null = $sb.AppendLine("        <maml:title>-------------------------- EXAMPLE $index --------------------------</maml:title>")
            $null = $sb.AppendLine("        <dev:code>$($x::Escape($example.Code))</dev:code>")
            $null = $sb.AppendLine('        <dev:remarks>')
            $null = $sb.AppendLine((ConvertTo-Para -Text $example.Remarks -Indent '          '))
            $null = $sb.AppendLine('        </dev:remarks>')
            $null = $sb.AppendLine('      </command:example>')
        }
        if ($index -eq 0) { $problems.Add("$name has no .EXAMPLE") }
        $null = $sb.AppendLine('    </command:examples>')
        $null = $sb.AppendLine('    <command:relatedLinks>')
        foreach ($link in $help.Links) {
            $uri = if ($link -match '^https?://') { $link } else { '' }
            $text = if ($uri) { '' } else { $link }
            $null = $sb.AppendLine("      <maml:navigationLink><maml:linkText>$($x::Escape($text))</maml:linkText><maml:uri>$($x::Escape($uri))</maml:uri></maml:navigationLink>")
        }
        $null = $sb.AppendLine('    </command:relatedLinks>')
        $null = $sb.AppendLine('  </command:command>')
    }
    $null = $sb.AppendLine('</helpItems>')
    $output = Join-Path -Path $ModuleFolder -ChildPath "en-US/$fileName"
    [System.IO.File]::WriteAllText($output, $sb.ToString(), [System.Text.UTF8Encoding]::new($false))
    Write-Host "==> wrote $output ($($outputs[$fileName].Count) commands)" -ForegroundColor Cyan
}
if ($problems.Count) {
    throw "The commands' help is incomplete:`n  $($problems -join "`n  ")"
}
