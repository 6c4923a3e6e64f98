/**
 * Welsh reference data: the 22 principal councils and the 19 Community Safety
 * Partnerships after three mergers (Gwynedd + Isle of Anglesey; Conwy +
 * Denbighshire; Merthyr Tydfil + Rhondda Cynon Taf as Cwm Taf), by police force
 * area, with each council's fire and rescue service and health board.
 */
export const POLICE_FORCES = {
  northWales: 'North Wales Police',
  dyfedPowys: 'Dyfed-Powys Police',
  southWales: 'South Wales Police',
  gwent: 'Gwent Police',
} as const;

export const FIRE_AND_RESCUE = {
  north: 'North Wales Fire and Rescue Service',
  midWest: 'Mid and West Wales Fire and Rescue Service',
  south: 'South Wales Fire and Rescue Service',
} as const;

export const HEALTH_BOARDS = {
  betsi: 'Betsi Cadwaladr University Health Board',
  powys: 'Powys Teaching Health Board',
  hywelDda: 'Hywel Dda University Health Board',
  swanseaBay: 'Swansea Bay University Health Board',
  cwmTaf: 'Cwm Taf Morgannwg University Health Board',
  cardiffVale: 'Cardiff and Vale University Health Board',
  aneurinBevan: 'Aneurin Bevan University Health Board',
} as const;

export const PROBATION_SERVICE = 'Probation Service (Wales)';

export interface LocalAuthoritySeed {
  code: string;
  name: string;
  councilName: string;
  fireAndRescueService: string;
  healthBoard: string;
}

export interface PartnershipSeed {
  code: string;
  name: string;
  referencePrefix: string;
  policeForce: string;
  localAuthorities: LocalAuthoritySeed[];
}

const la = (code: string, name: string, councilName: string, fireAndRescueService: string, healthBoard: string): LocalAuthoritySeed => ({
  code,
  name,
  councilName,
  fireAndRescueService,
  healthBoard,
});

/** A partnership named after its area (`<place> Community Safety Partnership`). */
const csp = (code: string, place: string, referencePrefix: string, policeForce: string, localAuthorities: LocalAuthoritySeed[]): PartnershipSeed => ({
  code,
  name: `${place} Community Safety Partnership`,
  referencePrefix,
  policeForce,
  localAuthorities,
});

const { northWales, dyfedPowys, southWales, gwent } = POLICE_FORCES;
const F = FIRE_AND_RESCUE;
const H = HEALTH_BOARDS;

export const WALES_PARTNERSHIPS: PartnershipSeed[] = [
  // North Wales Police
  csp('gwynedd-anglesey', 'Gwynedd and Isle of Anglesey', 'GWA', northWales, [
    la('W06000001', 'Isle of Anglesey', 'Isle of Anglesey County Council', F.north, H.betsi),
    la('W06000002', 'Gwynedd', 'Gwynedd Council', F.north, H.betsi),
  ]),
  csp('conwy-denbighshire', 'Conwy and Denbighshire', 'CDB', northWales, [
    la('W06000003', 'Conwy', 'Conwy County Borough Council', F.north, H.betsi),
    la('W06000004', 'Denbighshire', 'Denbighshire County Council', F.north, H.betsi),
  ]),
  csp('flintshire', 'Flintshire', 'FLN', northWales, [la('W06000005', 'Flintshire', 'Flintshire County Council', F.north, H.betsi)]),
  csp('wrexham', 'Wrexham', 'WRX', northWales, [la('W06000006', 'Wrexham', 'Wrexham County Borough Council', F.north, H.betsi)]),
  // Dyfed-Powys Police
  csp('powys', 'Powys', 'POW', dyfedPowys, [la('W06000023', 'Powys', 'Powys County Council', F.midWest, H.powys)]),
  csp('ceredigion', 'Ceredigion', 'CER', dyfedPowys, [la('W06000008', 'Ceredigion', 'Ceredigion County Council', F.midWest, H.hywelDda)]),
  csp('pembrokeshire', 'Pembrokeshire', 'PEM', dyfedPowys, [la('W06000009', 'Pembrokeshire', 'Pembrokeshire County Council', F.midWest, H.hywelDda)]),
  csp('carmarthenshire', 'Carmarthenshire', 'CRM', dyfedPowys, [la('W06000010', 'Carmarthenshire', 'Carmarthenshire County Council', F.midWest, H.hywelDda)]),
  // South Wales Police
  csp('swansea', 'Swansea', 'SWA', southWales, [la('W06000011', 'Swansea', 'City and County of Swansea Council', F.midWest, H.swanseaBay)]),
  csp('neath-port-talbot', 'Neath Port Talbot', 'NPT', southWales, [
    la('W06000012', 'Neath Port Talbot', 'Neath Port Talbot Council', F.midWest, H.swanseaBay),
  ]),
  csp('bridgend', 'Bridgend', 'BGD', southWales, [la('W06000013', 'Bridgend', 'Bridgend County Borough Council', F.south, H.cwmTaf)]),
  csp('vale-of-glamorgan', 'Vale of Glamorgan', 'VGL', southWales, [la('W06000014', 'Vale of Glamorgan', 'Vale of Glamorgan Council', F.south, H.cardiffVale)]),
  csp('cardiff', 'Cardiff', 'CDF', southWales, [la('W06000015', 'Cardiff', 'Cardiff Council', F.south, H.cardiffVale)]),
  csp('cwm-taf', 'Cwm Taf', 'CWT', southWales, [
    la('W06000016', 'Rhondda Cynon Taf', 'Rhondda Cynon Taf County Borough Council', F.south, H.cwmTaf),
    la('W06000024', 'Merthyr Tydfil', 'Merthyr Tydfil County Borough Council', F.south, H.cwmTaf),
  ]),
  // Gwent Police
  csp('caerphilly', 'Caerphilly', 'CAE', gwent, [la('W06000018', 'Caerphilly', 'Caerphilly County Borough Council', F.south, H.aneurinBevan)]),
  csp('blaenau-gwent', 'Blaenau Gwent', 'BGW', gwent, [la('W06000019', 'Blaenau Gwent', 'Blaenau Gwent County Borough Council', F.south, H.aneurinBevan)]),
  csp('torfaen', 'Torfaen', 'TOR', gwent, [la('W06000020', 'Torfaen', 'Torfaen County Borough Council', F.south, H.aneurinBevan)]),
  csp('monmouthshire', 'Monmouthshire', 'MON', gwent, [la('W06000021', 'Monmouthshire', 'Monmouthshire County Council', F.south, H.aneurinBevan)]),
  csp('newport', 'Newport', 'NWP', gwent, [la('W06000022', 'Newport', 'Newport City Council', F.south, H.aneurinBevan)]),
];

export type SeedAgencyKind = 'local_authority' | 'police' | 'fire_and_rescue' | 'health' | 'probation';

/** The agencies each seeded partnership starts with: its councils, police, fire, health and probation. */
export function seedAgencies(p: PartnershipSeed): { name: string; kind: SeedAgencyKind }[] {
  const unique = (values: string[]) => [...new Set(values)];
  return [
    ...p.localAuthorities.map((a) => ({ name: a.councilName, kind: 'local_authority' as const })),
    { name: p.policeForce, kind: 'police' as const },
    ...unique(p.localAuthorities.map((a) => a.fireAndRescueService)).map((name) => ({ name, kind: 'fire_and_rescue' as const })),
    ...unique(p.localAuthorities.map((a) => a.healthBoard)).map((name) => ({ name, kind: 'health' as const })),
    { name: PROBATION_SERVICE, kind: 'probation' as const },
  ];
}
