# End-to-end test on real Windows (.github/workflows/windows.yml; needs an
# administrator, changes the machine's dynamic port range and restores it):
# portwatch_exporter.exe runs, the IPv4 TCP dynamic range is narrowed to
# 255 ports, connections to a local listener are opened until connect()
# fails, and portwatch_tcpip_events_total{event_id="4231"} (Tcpip Event
# 4231: the range is exhausted) must rise above what it was before.
# Not run by the project's own CI: written for a hosted Windows runner.
param([Parameter(Mandatory)] [string] $Exporter, [int] $Port = 10058)
$ErrorActionPreference = 'Stop'

function Get-Event4231 {
  $page = (Invoke-WebRequest -UseBasicParsing "http://127.0.0.1:$Port/metrics").Content
  $line = $page -split "`n" | Where-Object { $_ -match '^portwatch_tcpip_events_total\{.*event_id="4231".*\} ' }
  if (-not $line) { return 0 }
  return [double]($line -split ' ')[-1]
}

$original = netsh int ipv4 show dynamicport tcp
$start = [int](($original | Select-String 'Start Port\s*:\s*(\d+)').Matches[0].Groups[1].Value)
$count = [int](($original | Select-String 'Number of Ports\s*:\s*(\d+)').Matches[0].Groups[1].Value)
$process = Start-Process -FilePath $Exporter -ArgumentList "--web.listen-address=127.0.0.1:$Port" -PassThru
$listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
$clients = [System.Collections.Generic.List[System.Net.Sockets.TcpClient]]::new()
try {
  $deadline = (Get-Date).AddSeconds(30)
  while ($true) {
    try { $before = Get-Event4231; break } catch {
      if ((Get-Date) -gt $deadline) { throw "the exporter does not answer: $_" }
      Start-Sleep -Milliseconds 200
    }
  }
  netsh int ipv4 set dynamicport tcp start=50000 num=255 | Out-Null
  $listener.Start()
  $target = $listener.LocalEndpoint.Port
  $failed = $false
  for ($i = 0; $i -lt 2000 -and -not $failed; $i++) {
    $client = [System.Net.Sockets.TcpClient]::new()
    try { $client.Connect('127.0.0.1', $target); $clients.Add($client) }
    catch { $failed = $true; $client.Dispose() }
  }
  if (-not $failed) { throw 'connect() never failed with a 255-port range' }
  $deadline = (Get-Date).AddSeconds(120)
  do {
    Start-Sleep -Seconds 2
    $after = Get-Event4231
  } while ($after -le $before -and (Get-Date) -lt $deadline)
  if ($after -le $before) { throw "event 4231 did not rise: $before -> $after" }
  Write-Output "PASS: portwatch_tcpip_events_total{event_id=`"4231`"} $before -> $after"
} finally {
  foreach ($client in $clients) { $client.Dispose() }
  $listener.Stop()
  netsh int ipv4 set dynamicport tcp start=$start num=$count | Out-Null
  Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue
}
