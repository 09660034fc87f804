// semver (version parsing and ranges, from npm): its files start with a `'use strict'` that has no
// semicolon, which the instrumenter once broke.
const semver = require('semver');
const versions = ['1.2.3', '1.10.0', '1.2.3-beta.1', '2.0.0-rc.1', '0.9.9', '1.2.10', '3.0.0', '2.5.1-alpha.3+build.7'];
console.log(versions.slice().sort(semver.compare).join(' '));
console.log(semver.maxSatisfying(versions, '^1.2.0'), semver.minSatisfying(versions, '>=2.0.0-0'), semver.satisfies('1.2.3-beta.1', '>=1.2.0', { includePrerelease: true }));
console.log(semver.inc('1.2.3', 'preminor', 'alpha'), semver.coerce('v3.4 foo').version, semver.diff('1.2.3', '2.0.0'), semver.valid('not a version'));
console.log(new semver.Range('>=1.2.7 <1.3.0 || 2.x').toString(), semver.intersects('^1.0.0', '~1.5.0'), semver.simplifyRange(versions, '>=1.2.3 <2.0.0'));
