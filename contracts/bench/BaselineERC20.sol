// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Benchmark baseline only: a plain OpenZeppelin 5 ERC-20 with its supply minted at
/// deployment, measured beside `ModelToken` under the same conditions.
contract BaselineERC20 is ERC20 {
    constructor(address[] memory holders, uint256 amount) ERC20("Baseline", "BASE") {
        for (uint256 i; i < holders.length; ++i) _mint(holders[i], amount);
    }
}
